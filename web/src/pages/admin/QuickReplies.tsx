import { useState } from "preact/hooks";
import { api, type QuickReply } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Empty, Failed, Loading } from "../../components/States";
import { loadQuickReplies } from "../../state/library";
import { AdminSection, FormActions, Input, problemOf, TextArea, useResource } from "./common";

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
      title={scope === "team" ? "Quick replies" : "My quick replies"}
      intro={
        scope === "team" ? (
          <>
            Answers your team sends often. Agents type <kbd>/</kbd> and the title in a reply to insert one.
          </>
        ) : (
          <>
            Your own answers, beside the team's: only you see them. Type <kbd>/</kbd> and the title in a reply. Write{" "}
            {"{{contact.name}}"} or {"{{agent.name}}"} to have the names filled in.
          </>
        )
      }
      action={
        !adding && (
          <button type="button" class="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" size={18} />
            <span>Add quick reply</span>
          </button>
        )
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      {adding && (
        <QuickReplyForm
          heading="Add a quick reply"
          onCancel={() => setAdding(false)}
          onSave={async (body) => {
            const created = await api.createQuickReply(body, scope);
            setAdding(false);
            changed(`/${created.title} was added.`);
          }}
        />
      )}
      {replies.status === "loading" ? (
        <Loading label="Loading quick replies…" />
      ) : replies.status === "error" && list.length === 0 ? (
        <Failed message={replies.error ?? ""} onRetry={() => void replies.reload()} />
      ) : list.length === 0 ? (
        <Empty icon="zap" title="No quick replies yet">
          {scope === "team"
            ? "Add the answers your team types again and again."
            : "Add the answers you type again and again."}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label="Quick replies">
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
        label="Title"
        value={title}
        onInput={setTitle}
        required
        maxLength={40}
        error={problem?.fields.title}
        hint="One word (letters, digits, - and _): agents type /title to insert it."
      />
      <TextArea
        label="Message"
        value={text}
        onInput={setText}
        required
        maxLength={4096}
        rows={4}
        error={problem?.fields.text}
      />
      <FormActions busy={busy} label="Save" busyLabel="Saving…" onCancel={onCancel} />
    </form>
  );
}

function QuickReplyRow({ reply, onChanged }: { reply: QuickReply; onChanged: (message: string) => void }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (mode === "edit") {
    return (
      <li class="admin-row editing">
        <QuickReplyForm
          heading={`Edit /${reply.title}`}
          initial={reply}
          onCancel={() => setMode("view")}
          onSave={async (body) => {
            await api.updateQuickReply(reply.id, body, reply.scope);
            setMode("view");
            onChanged(`/${body.title} was saved.`);
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
      {mode === "delete" ? (
        <fieldset class="confirm-inline">
          <legend class="small">Delete /{reply.title}?</legend>
          <button
            type="button"
            class="button button-small button-danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await api.deleteQuickReply(reply.id, reply.scope);
                onChanged(`/${reply.title} was deleted.`);
              } catch (err) {
                setError(problemOf(err).message);
                setBusy(false);
              }
            }}
          >
            {busy ? "Deleting…" : "Delete"}
          </button>
          <button type="button" class="button button-small" onClick={() => setMode("view")}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <div class="admin-row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={() => setMode("edit")}
            aria-label={`Edit /${reply.title}`}
          >
            <Icon name="edit" size={16} />
            <span>Edit</span>
          </button>
          <button
            type="button"
            class="button button-small button-danger-quiet"
            onClick={() => setMode("delete")}
            aria-label={`Delete /${reply.title}`}
          >
            <Icon name="trash" size={16} />
            <span>Delete</span>
          </button>
        </div>
      )}
      {error && (
        <div class="admin-row-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </li>
  );
}
