import { useState } from "preact/hooks";
import { api, type QuickReply } from "../../api";
import { Alert } from "../../components/Alert";
import { Empty, Failed, Loading } from "../../components/States";
import { t } from "../../i18n";
import { loadQuickReplies } from "../../state/library";
import { AddButton, AdminSection, FormActions, Input, problemOf, TextArea, useResource } from "./common";
import { EditDeleteActions } from "./EditDeleteActions";

/**
 * Rule I8: a title (typed after "/") and a message, inserted while typing. `team`: the team's, managed by
 * admins; `personal` (issue 17): the signed-in person's own, beside the team's, which only they see.
 */
export function QuickRepliesPage({ scope = "team" }: { scope?: QuickReply["scope"] }) {
  const replies = useResource(() =>
    api.quickReplies().then((r) => r.quickReplies.filter((reply) => reply.scope === scope)),
  );
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = replies.data ?? [];
  const changed = (message: string) => {
    setNotice(message);
    void replies.reload();
    void loadQuickReplies(true);
  };
  return (
    <AdminSection
      title={scope === "team" ? t("Quick replies") : t("My quick replies")}
      intro={
        scope === "team" ? (
          <>
            {t("Answers your team sends often. Agents type")} <kbd>/</kbd>{" "}
            {t("and the title in a reply to insert one.")}
          </>
        ) : (
          <>
            {t("Your own answers, beside the team's: only you see them. Type")} <kbd>/</kbd>{" "}
            {t("and the title in a reply. Write {contact} or {agent} to have the names filled in.", {
              contact: "{{contact.name}}",
              agent: "{{agent.name}}",
            })}
          </>
        )
      }
      action={!adding && <AddButton label={t("Add quick reply")} onClick={() => setAdding(true)} />}
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {adding && (
        <QuickReplyForm
          heading={t("Add a quick reply")}
          onCancel={() => setAdding(false)}
          onSave={async (body) => {
            const created = await api.createQuickReply(body, scope);
            setAdding(false);
            changed(t("/{title} was added.", { title: created.title }));
          }}
        />
      )}
      {replies.status === "loading" ? (
        <Loading label={t("Loading quick replies…")} />
      ) : replies.status === "error" && list.length === 0 ? (
        <Failed message={replies.error ?? ""} onRetry={() => void replies.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="zap" title={t("No quick replies yet")}>
          {scope === "team"
            ? t("Add the answers your team types again and again.")
            : t("Add the answers you type again and again.")}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label={t("Quick replies")}>
          {list.map((reply) => (
            <QuickReplyRow key={reply.id} reply={reply} onChanged={changed} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function QuickReplyForm({
  heading,
  initial,
  onSave,
  onCancel,
}: {
  heading: string;
  initial?: QuickReply;
  onSave: (body: { title: string; text: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(initial?.title ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await onSave({ title: title.trim().replace(/^\//, ""), text: text.trim() });
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form" onSubmit={submit} aria-label={heading} noValidate>
      <h2>{heading}</h2>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <Input
        label={t("Title")}
        value={title}
        onInput={setTitle}
        required
        maxLength={40}
        error={problem?.fields.title}
        hint={t("One word (letters, digits, - and _): agents type /title to insert it.")}
      />
      <TextArea
        label={t("Message")}
        value={text}
        onInput={setText}
        required
        maxLength={4096}
        rows={4}
        error={problem?.fields.text}
      />
      <FormActions busy={busy} label={t("Save")} busyLabel={t("Saving…")} onCancel={onCancel} />
    </form>
  );
}

function QuickReplyRow({ reply, onChanged }: { reply: QuickReply; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit">("view");
  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <QuickReplyForm
          heading={t("Edit {name}", { name: `/${reply.title}` })}
          initial={reply}
          onCancel={() => setMode("view")}
          onSave={async (body) => {
            await api.updateQuickReply(reply.id, body, reply.scope);
            setMode("view");
            onChanged(t("/{title} was saved.", { title: body.title }));
          }}
        />
      </li>
    );
  }
  return (
    <li class="admin-row">
      <div class="admin-row-main">
        <p class="admin-row-title">
          <code>/{reply.title}</code>
        </p>
        <p class="admin-row-sub prewrap">{reply.text}</p>
      </div>
      <EditDeleteActions
        name={`/${reply.title}`}
        onEdit={() => setMode("edit")}
        onDelete={async () => {
          await api.deleteQuickReply(reply.id, reply.scope);
          onChanged(t("/{title} was deleted.", { title: reply.title }));
        }}
      />
    </li>
  );
}
