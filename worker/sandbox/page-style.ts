/** The customer simulator page's CSS (see page.ts). */
export const SIMULATOR_STYLE = `  :root { font-family: system-ui, sans-serif; color: #111b21; background: #f0f2f5; }
  body { margin: 0; display: grid; grid-template-columns: 280px 1fr; height: 100vh; }
  aside { background: #fff; border-right: 1px solid #d1d7db; padding: 12px; overflow: auto; }
  main { display: grid; grid-template-rows: auto 1fr auto; min-height: 0; }
  h1 { font-size: 16px; margin: 0 0 8px; }
  h2 { font-size: 14px; margin: 16px 0 6px; }
  label { display: block; font-size: 12px; margin-top: 8px; color: #54656f; }
  input, button { font: inherit; }
  input[type=text], input[type=tel], input[type=number] { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #d1d7db; border-radius: 6px; }
  button { margin-top: 8px; padding: 6px 10px; border: 0; border-radius: 6px; background: #008069; color: #fff; cursor: pointer; }
  button.secondary { background: #e9edef; color: #111b21; }
  button:disabled { opacity: .5; cursor: default; }
  #customers { list-style: none; padding: 0; margin: 0; }
  #customers button { width: 100%; text-align: left; background: #f7f8fa; color: #111b21; }
  #customers button[aria-current=true] { background: #d9fdd3; }
  header { background: #008069; color: #fff; padding: 10px 16px; min-height: 24px; }
  #sim-conversation { overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 6px; background: #efeae2; }
  .bubble { max-width: 70%; padding: 6px 8px 4px; border-radius: 8px; box-shadow: 0 1px 1px #0002; white-space: pre-wrap; word-wrap: break-word; }
  .bubble[data-direction=in] { align-self: flex-end; background: #d9fdd3; }
  .bubble[data-direction=out] { align-self: flex-start; background: #fff; }
  .bubble img { max-width: 240px; display: block; border-radius: 4px; }
  .meta { font-size: 11px; color: #667781; text-align: right; margin-top: 2px; }
  .meta .ticks[data-status=read] { color: #53bdeb; }
  .meta .ticks[data-status=failed] { color: #d00; }
  .options { display: grid; gap: 4px; margin-top: 6px; }
  .options button { background: #fff; color: #027eb5; border: 1px solid #d1d7db; border-radius: 6px; padding: 6px; }
  .react { background: none; color: #667781; padding: 0 4px; margin: 0; font-size: 12px; }
  form.compose { display: flex; gap: 8px; align-items: end; padding: 10px; background: #f0f2f5; flex-wrap: wrap; }
  form.compose .grow { flex: 1; min-width: 200px; }
  form.compose label { margin: 0; }
  #status { font-size: 12px; color: #54656f; min-height: 16px; margin-top: 8px; }
  fieldset { border: 1px solid #d1d7db; border-radius: 6px; margin-top: 12px; }
  .kinds { display: flex; gap: 8px; align-items: end; padding: 10px; background: #f0f2f5; flex-wrap: wrap; }
  fieldset select { width: 100%; box-sizing: border-box; padding: 6px; border: 1px solid #d1d7db; border-radius: 6px; font: inherit; }
  .kinds select, .kinds input { padding: 6px; border: 1px solid #d1d7db; border-radius: 6px; font: inherit; }
  #sim-broadcasts { list-style: none; padding: 0; margin: 0; font-size: 12px; }
  #sim-broadcasts li { padding: 4px 0; border-bottom: 1px solid #e9edef; }
`;
