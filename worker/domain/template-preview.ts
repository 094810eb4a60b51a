/** WhatsApp formatting of a template text, for the web app's live preview. Pure. */

export interface PreviewSegment {
  text: string;
  bold: boolean;
  italic: boolean;
  strike: boolean;
  /** The variable number when this segment is a `{{n}}` placeholder (or its sample value). */
  variable: number | null;
}

const STYLE_OF = { "*": "bold", _: "italic", "~": "strike" } as const;
type Style = (typeof STYLE_OF)[keyof typeof STYLE_OF];

/**
 * Splits a template text into styled runs as WhatsApp shows it: `*bold*`, `_italic_`, `~strike~`
 * (the marks hug the words and stay on one line; the marks themselves are hidden), and `{{n}}`
 * placeholders as their own runs, replaced by `values[n-1]` when given. Line breaks stay in `text`.
 */
export function previewSegments(text: string, values: readonly string[] = []): PreviewSegment[] {
  const n = text.length;
  const hidden = new Array<boolean>(n).fill(false);
  const styles: Record<Style, boolean[]> = {
    bold: new Array<boolean>(n).fill(false),
    italic: new Array<boolean>(n).fill(false),
    strike: new Array<boolean>(n).fill(false),
  };
  for (const [mark, style] of Object.entries(STYLE_OF) as [keyof typeof STYLE_OF, Style][]) {
    const m = mark === "*" ? "\\*" : mark;
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${m}(?=[^\\s${m}])([^\\n${m}]*?[^\\s${m}])${m}(?![\\p{L}\\p{N}])`,
      "gu",
    );
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length - 1;
      hidden[start] = true;
      hidden[end] = true;
      for (let k = start + 1; k < end; k++) styles[style][k] = true;
    }
  }
  const variableAt = new Array<number | null>(n).fill(null);
  const variableStart = new Array<boolean>(n).fill(false);
  for (const match of text.matchAll(/\{\{([1-9]\d*)\}\}/g)) {
    variableStart[match.index] = true;
    for (let k = match.index; k < match.index + match[0].length; k++) variableAt[k] = Number(match[1]);
  }
  const segments: PreviewSegment[] = [];
  for (let k = 0; k < n; k++) {
    if (hidden[k]) continue;
    const variable = variableAt[k] ?? null;
    const style = {
      bold: styles.bold[k] ?? false,
      italic: styles.italic[k] ?? false,
      strike: styles.strike[k] ?? false,
    };
    if (variable !== null) {
      if (!variableStart[k]) continue;
      const value = values[variable - 1];
      segments.push({ text: value?.trim() ? value : `{{${variable}}}`, ...style, variable });
      continue;
    }
    const last = segments[segments.length - 1];
    if (
      last &&
      last.variable === null &&
      last.bold === style.bold &&
      last.italic === style.italic &&
      last.strike === style.strike &&
      !variableStart[k]
    ) {
      last.text += text[k];
    } else {
      segments.push({ text: text[k] ?? "", ...style, variable: null });
    }
  }
  return segments;
}
