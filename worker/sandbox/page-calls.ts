/**
 * The customer simulator page's WhatsApp calls (issue 14, item 9; see page.ts): the chosen
 * customer calls the business with a real RTCPeerConnection in the page (a test tone as a fake
 * microphone, or the real one), hears and answers or rejects a business call (its SDP offer is
 * polled from `GET api/customers/:waId/calls/live`), hangs up, leaves a voicemail after a call
 * nobody took (rule C9), and grants, changes or refuses call permission (rule C3). The audio
 * counters (getStats) show whether sound flows both ways.
 *
 * The page plays "the customer's phone + Meta's relay": its peer is a full ICE agent over host
 * candidates, not Meta's ICE-lite (research/calling.md section 8).
 */

export const CALLS_HTML = `  <fieldset aria-labelledby="calls-title" data-testid="sim-calls">
    <legend id="calls-title">WhatsApp call</legend>
    <label for="sim-call-voice">Customer's voice</label>
    <select id="sim-call-voice" data-testid="sim-call-voice">
      <option value="tone">Test tone (no microphone needed)</option>
      <option value="mic">Microphone</option>
    </select>
    <button id="sim-call" data-testid="sim-call" type="button">Call the business</button>
    <p id="sim-call-state" data-testid="sim-call-state" data-state="idle" role="status" style="font-size:12px;margin:6px 0">No call.</p>
    <p id="sim-call-flow" data-testid="sim-call-flow" data-received="0" data-sent="0" style="font-size:12px;color:#54656f;margin:0"></p>
    <div id="sim-call-actions" style="display:flex;gap:6px;flex-wrap:wrap">
      <button id="sim-call-answer" data-testid="sim-call-answer" type="button" hidden>Answer</button>
      <button id="sim-call-reject" data-testid="sim-call-reject" class="secondary" type="button" hidden>Reject</button>
      <button id="sim-call-hangup" data-testid="sim-call-hangup" class="secondary" type="button" hidden>Hang up</button>
      <button id="sim-call-voicemail" data-testid="sim-call-voicemail" class="secondary" type="button" hidden>Leave a voicemail</button>
    </div>
    <p style="font-size:12px;color:#54656f;margin:8px 0 0">Call permission (answer the business's request, or change the answer):</p>
    <div style="display:flex;gap:6px;flex-wrap:wrap">
      <button type="button" class="secondary" data-testid="sim-permission-temporary" data-response="accept" data-permanent="false">Allow for 7 days</button>
      <button type="button" class="secondary" data-testid="sim-permission-permanent" data-response="accept" data-permanent="true">Always allow</button>
      <button type="button" class="secondary" data-testid="sim-permission-deny" data-response="reject" data-permanent="false">Don't allow</button>
    </div>
    <audio id="sim-call-audio" autoplay></audio>
  </fieldset>`;

export const CALLS_SCRIPT = `(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const sim = () => window.simulator;
  const path = (p) => encodeURIComponent(p);
  const post = (p, body) => sim().api(p, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}) });
  let call = null;
  let pc = null;
  let stream = null;
  let tone = null;
  let polling = false;
  /** An action (call, answer, hang up) is under way: polling must not swap the call under it. */
  let acting = false;

  function say(text, state) {
    $("sim-call-state").textContent = text;
    $("sim-call-state").dataset.state = state;
  }
  function show(buttons) {
    for (const id of ["sim-call-answer", "sim-call-reject", "sim-call-hangup", "sim-call-voicemail"]) $(id).hidden = !buttons.includes(id);
    $("sim-call").disabled = buttons.includes("sim-call-hangup") || buttons.includes("sim-call-answer");
  }

  /** The customer's voice: a 660 Hz tone through WebAudio (a fake microphone), or the real microphone. */
  async function voice() {
    if ($("sim-call-voice").value === "mic") return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    tone = new AudioContext();
    await tone.resume().catch(() => {});
    const osc = tone.createOscillator();
    osc.frequency.value = 660;
    const out = tone.createMediaStreamDestination();
    osc.connect(out);
    osc.start();
    return out.stream;
  }

  async function newPeer() {
    stream = await voice();
    pc = new RTCPeerConnection();
    for (const track of stream.getAudioTracks()) pc.addTrack(track, stream);
    pc.ontrack = (e) => { $("sim-call-audio").srcObject = e.streams[0]; $("sim-call-audio").play().catch(() => {}); };
    window.simulatorCall = { pc };
    return pc;
  }

  /** Every candidate in the SDP (WhatsApp takes no trickle), or what there is after 4 s. */
  function gathered(peer) {
    if (peer.iceGatheringState === "complete") return Promise.resolve(peer.localDescription.sdp);
    return new Promise((resolve) => {
      const done = () => resolve(peer.localDescription.sdp);
      const timer = setTimeout(done, 4000);
      peer.addEventListener("icegatheringstatechange", () => { if (peer.iceGatheringState === "complete") { clearTimeout(timer); done(); } });
    });
  }

  function closePeer() {
    if (pc) pc.close();
    if (stream) for (const t of stream.getTracks()) t.stop();
    if (tone) tone.close().catch(() => {});
    pc = null; stream = null; tone = null;
  }

  function render() {
    if (!call) { say("No call.", "idle"); show([]); return; }
    const incoming = call.direction === "BUSINESS_INITIATED";
    if (call.state === "ended") {
      const voicemail = !incoming && call.acceptedAt === null;
      say(voicemail ? "The business did not answer. You can leave a voicemail." : "Call ended.", "ended");
      show(voicemail ? ["sim-call-voicemail"] : []);
    } else if (call.state === "accepted") {
      say(incoming ? "On a call with the business (you answered)." : "On a call with the business (they answered).", "active");
      show(["sim-call-hangup"]);
    } else if (incoming && !pc) {
      say("The business is calling\\u2026", "incoming");
      show(["sim-call-answer", "sim-call-reject"]);
    } else {
      say(incoming ? "Answering\\u2026" : "Ringing at the business\\u2026", "ringing");
      show(["sim-call-hangup"]);
    }
  }

  async function poll() {
    if (polling || acting || !sim() || !sim().current()) return;
    polling = true;
    try {
      const waId = sim().current();
      const before = call;
      if (call && call.waId === waId && call.state !== "ended") {
        const fresh = (await sim().api("calls/" + path(call.id))).call;
        if (acting || call !== before) return;
        call = fresh;
        if (call.direction === "USER_INITIATED" && call.answer && pc && pc.signalingState === "have-local-offer") {
          await pc.setRemoteDescription({ type: "answer", sdp: call.answer });
        }
        if (call.state === "ended") closePeer();
      } else {
        const live = (await sim().api("customers/" + path(waId) + "/calls/live")).call;
        if (acting || call !== before) return;
        if (live && (!call || live.id !== call.id)) { closePeer(); call = live; }
        else if (call && call.waId !== waId) call = null;
      }
      render();
    } catch (err) {
      $("status").textContent = String(err.message || err);
    } finally {
      polling = false;
    }
  }

  async function stats() {
    if (!pc) return;
    let received = 0, sent = 0;
    (await pc.getStats()).forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") received += s.bytesReceived || 0;
      if (s.type === "outbound-rtp" && s.kind === "audio") sent += s.bytesSent || 0;
    });
    const flow = $("sim-call-flow");
    flow.dataset.received = String(received);
    flow.dataset.sent = String(sent);
    flow.textContent = "Audio: " + received + " bytes received, " + sent + " bytes sent (" + pc.connectionState + ")";
  }

  async function run(what, fn) {
    acting = true;
    try { await fn(); } catch (err) { $("status").textContent = what + ": " + String(err.message || err); }
    acting = false;
    poll();
  }

  $("sim-call").addEventListener("click", () => run("Call", async () => {
    const waId = sim().current();
    if (!waId) throw new Error("Pick or create a customer first");
    closePeer();
    say("Calling the business\\u2026", "ringing");
    const peer = await newPeer();
    await peer.setLocalDescription(await peer.createOffer());
    call = (await post("customers/" + path(waId) + "/calls", { sdp: await gathered(peer) })).call;
  }));
  $("sim-call-answer").addEventListener("click", () => run("Answer", async () => {
    const peer = await newPeer();
    await peer.setRemoteDescription({ type: "offer", sdp: call.offer });
    await peer.setLocalDescription(await peer.createAnswer());
    call = (await post("calls/" + path(call.id) + "/answer", { sdp: await gathered(peer) })).call;
  }));
  $("sim-call-reject").addEventListener("click", () => run("Reject", async () => {
    call = (await post("calls/" + path(call.id) + "/reject")).call;
  }));
  $("sim-call-hangup").addEventListener("click", () => run("Hang up", async () => {
    closePeer();
    call = (await post("calls/" + path(call.id) + "/terminate")).call;
  }));
  $("sim-call-voicemail").addEventListener("click", () => run("Voicemail", async () => {
    await post("calls/" + path(call.id) + "/voicemail");
    call = null;
    $("status").textContent = "Voicemail sent to the business";
  }));
  for (const b of document.querySelectorAll("[data-response]")) {
    b.addEventListener("click", () => run("Call permission", async () => {
      const waId = sim().current();
      if (!waId) throw new Error("Pick or create a customer first");
      await post("customers/" + path(waId) + "/call-permission", { response: b.dataset.response, permanent: b.dataset.permanent === "true" });
      $("status").textContent = "Call permission answered: " + b.textContent;
    }));
  }
  setInterval(poll, 500);
  setInterval(() => stats().catch(() => {}), 1000);
})();`;
