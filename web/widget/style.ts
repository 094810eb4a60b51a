/** The widget's look (rule G2): readable at 360 px, visible focus, no external font or image. */
export const WIDGET_STYLE = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;height:100vh;display:flex;flex-direction:column;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1c28;background:#fff}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#5b5bd6;color:#fff}
h1{font-size:16px;margin:0}
button{font:inherit;cursor:pointer}
:focus-visible{outline:2px solid #1c1c28;outline-offset:2px}
.close{background:none;border:0;color:#fff;font-size:24px;line-height:1;padding:0 4px}
.notice{margin:0;padding:8px 14px;background:#fff7e0;color:#5c4400;font-size:13px}
.log{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;display:flex;flex-direction:column;gap:8px;background:#f6f6fa}
.bubble{max-width:80%;padding:8px 10px;border-radius:12px;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08);word-wrap:break-word}
.bubble p{margin:0;white-space:pre-wrap}
.bubble.visitor{align-self:flex-end;background:#5b5bd6;color:#fff}
.bubble img{max-width:100%;border-radius:8px;display:block}
.bubble a{color:inherit}
.who{display:block;font-size:12px;font-weight:600;color:#5b5bd6}
.meta{display:block;font-size:11px;opacity:.75;margin-top:2px;text-align:right}
.error{margin:0;padding:8px 14px;background:#fde8e8;color:#8a1c1c;font-size:13px}
.email{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:8px;border-top:1px solid #e4e4ee;font-size:13px}
.email span{flex-basis:100%}
.email input{flex:1;font:inherit;padding:8px;border:1px solid #c9c9d6;border-radius:8px;min-height:38px}
.composer{display:flex;gap:6px;padding:8px;border-top:1px solid #e4e4ee}
textarea{flex:1;resize:none;font:inherit;padding:8px;border:1px solid #c9c9d6;border-radius:8px;min-height:38px}
.send,.attach{border:0;border-radius:8px;padding:0 12px;background:#5b5bd6;color:#fff;min-height:38px}
.attach{background:#e4e4ee;color:#1c1c28;font-size:18px}
`;
