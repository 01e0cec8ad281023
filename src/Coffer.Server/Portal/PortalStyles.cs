namespace Coffer.Server.Portal;

/// <summary>The portal's one stylesheet: readable from a phone's width up, visible focus, enough contrast (WCAG AA).</summary>
internal static class PortalStyles
{
    public const string Css = """
        :root { --ink: #1b1f24; --muted: #4a5561; --line: #c9d1d9; --accent: #0b5cad; --bg: #f6f8fa; --bad: #a4161a; --good: #1a6b2f; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid #f0a202; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 1; }
        .bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; padding: 10px 16px; background: #10243e; color: #fff; }
        .bar a, .bar .link { color: #fff; }
        .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; }
        .bar nav { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
        main { max-width: 1200px; margin: 0 auto; padding: 16px; }
        h1 { font-size: 1.6rem; margin: 8px 0 16px; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin: 24px 0 8px; }
        .crumbs { color: var(--muted); overflow-wrap: anywhere; }
        .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        td { min-width: 6ch; }
        th { background: var(--bg); font-weight: 600; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 16px; margin: 12px 0; background: #fff; }
        .narrow { max-width: 420px; }
        form.card, .card form { display: grid; gap: 8px; }
        form.inline { display: inline; margin: 0; }
        .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
        .actions form { display: inline; }
        label { font-weight: 600; }
        input, select { font: inherit; padding: 8px; border: 1px solid #6e7781; border-radius: 4px; width: 100%; max-width: 420px; }
        input[type=file] { padding: 6px; }
        button { font: inherit; padding: 8px 14px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: var(--bad); border-color: var(--bad); }
        a.button { display: inline-block; padding: 8px 14px; border-radius: 4px; border: 1px solid var(--accent); background: #fff; color: var(--accent); text-decoration: none; }
        a.button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
        button.link { background: none; border: none; padding: 0; text-decoration: underline; color: inherit; }
        .notice { border-radius: 6px; padding: 10px 14px; margin: 12px 0; border: 1px solid; }
        .notice p { margin: 0; }
        .error { border-color: var(--bad); background: #fdecea; color: var(--bad); }
        .success { border-color: var(--good); background: #e9f6ec; color: var(--good); }
        .secret-value { font-family: ui-monospace, Menlo, Consolas, monospace; background: var(--bg); padding: 8px; border-radius: 4px; overflow-wrap: anywhere; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .tabs { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 16px; padding: 0; list-style: none; }
        @media (max-width: 600px) {
          main { padding: 10px; }
          dl.facts { grid-template-columns: 1fr; }
          th, td { padding: 6px; }
        }
        """;
}
