/**
 * The variable mapping of the New campaign form (T6, rule T3): one source per parameter the template
 * takes (body `{{n}}`, a TEXT header's `{{1}}`, each URL button's `{{1}}` suffix), each a list column
 * or a fixed value.
 */
import { templateNeeds } from "../../../../worker/domain/template-send";
import type { Template } from "../../api";
import type { CampaignVariable } from "../../api-campaigns";
import { t } from "../../i18n";
import { Input, Select } from "../admin/common";
import { variablesOf } from "./campaign-words";

export type Source = { kind: "column" | "value"; text: string };
export type Group = "body" | "header" | "button";
export interface Slot {
  key: string;
  group: Group;
  /** What the label says the parameter is: `{{1}}`, `Header {{1}}`, `Button "Track" URL {{1}}`. */
  label: string;
  /** The list column it takes unless the admin chooses (body `{{n}}`: the n-th column). */
  defaultIndex: number | null;
}

type Button = { type?: string; text?: string; url?: string };

/** Every parameter slot of a template, in the order the API takes them. */
export function slotsOf(template: Template | undefined): Slot[] {
  if (!template) return [];
  const needs = templateNeeds(template.components);
  const body = String(template.components.find((c) => c.type === "BODY")?.text ?? "");
  const buttons = (template.components.find((c) => c.type === "BUTTONS")?.buttons ?? []) as Button[];
  return [
    ...variablesOf(body).map((n) => ({
      key: `body:${n}`,
      group: "body" as const,
      label: `{{${n}}}`,
      defaultIndex: n - 1,
    })),
    ...Array.from({ length: needs.headerVariables }, (_, i) => ({
      key: `header:${i + 1}`,
      group: "header" as const,
      label: `${t("Header")} {{${i + 1}}}`,
      defaultIndex: null,
    })),
    ...needs.urlButtonIndexes.map((index) => ({
      key: `button:${index}`,
      group: "button" as const,
      label: t('Button "{name}" URL {{1}}', { name: buttons[index]?.text ?? index + 1 }),
      defaultIndex: null,
    })),
  ];
}

/** The request's `variables`, `headerVariables` and `buttonVariables` from the chosen sources. */
export function mappingOf(slots: Slot[], sourceOf: (slot: Slot) => Source) {
  const of = (group: Group): CampaignVariable[] =>
    slots
      .filter((s) => s.group === group)
      .map((s) => {
        const source = sourceOf(s);
        return source.kind === "column" ? { column: source.text } : { value: source.text };
      });
  const header = of("header");
  const buttons = of("button");
  return {
    variables: of("body"),
    ...(header.length > 0 ? { headerVariables: header } : {}),
    ...(buttons.length > 0 ? { buttonVariables: buttons } : {}),
  };
}

export function VariableRow(props: {
  label: string;
  source: Source;
  columns: string[];
  onChange: (s: Source) => void;
}) {
  const { label, source, columns } = props;
  const useColumn = source.kind === "column" && columns.length > 0;
  return (
    <div class="broadcast-variable">
      <Select
        label={t("{variable} from", { variable: label })}
        value={useColumn ? "column" : "value"}
        onChange={(kind) => props.onChange({ kind, text: kind === "column" ? (columns[0] ?? "") : "" })}
        options={[
          ...(columns.length > 0 ? [{ value: "column" as const, label: t("A list column") }] : []),
          { value: "value" as const, label: t("A fixed value") },
        ]}
      />
      {useColumn ? (
        <Select
          label={t("{variable} column", { variable: label })}
          value={source.text}
          onChange={(text) => props.onChange({ kind: "column", text })}
          options={columns.map((c) => ({ value: c, label: c }))}
        />
      ) : (
        <Input
          label={t("{variable} value", { variable: label })}
          value={source.text}
          onInput={(text) => props.onChange({ kind: "value", text })}
        />
      )}
    </div>
  );
}
