// briefgen serve: reload the preview when a new build is ready, show the problems of
// a failed build over the last good page, and link the PDF once it is rendered.
// Problems are content, so they go in as text, never as markup.
(() => {
  "use strict";
  const script = document.currentScript;
  const shown = script.dataset.version; // the build this page shows ("" when none yet)
  const base = script.dataset.base || ""; // "/es" when serve --all shows several briefs
  const bar = document.createElement("aside");
  bar.id = "briefgen-preview";
  bar.setAttribute("role", "status");
  bar.setAttribute("aria-live", "polite");
  document.body.append(bar);

  function line(tag, text, className) {
    const element = document.createElement(tag);
    element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  function pdfLink(state) {
    if (state.pdf === "ready") {
      const link = line("a", "PDF");
      link.href = `${base}/brief.pdf?v=${state.pdf_version}`;
      link.target = "_blank";
      return link;
    }
    const words = { rendering: "PDF: rendering…", failed: "PDF: failed", none: "PDF: not yet" };
    return line("span", words[state.pdf] || "");
  }

  function show(state) {
    bar.replaceChildren();
    bar.className = state.state;
    const summary = line("p", "", "briefgen-summary");
    summary.append(line("strong", "Preview"), ` · ${state.message} · `, pdfLink(state));
    bar.append(summary);
    if (state.problems && state.problems.length) {
      const list = line("ul", "", "briefgen-problems");
      for (const problem of state.problems) list.append(line("li", problem));
      bar.append(list);
      bar.setAttribute("role", "alert");
    } else {
      bar.setAttribute("role", "status");
    }
  }

  function connect() {
    const socket = new WebSocket(`ws://${location.host}${base}/_briefgen/ws`);
    socket.onmessage = (event) => {
      const state = JSON.parse(event.data);
      if (state.version && state.version !== shown) {
        location.reload(); // a new good build: the browser keeps the scroll position
        return;
      }
      show(state);
    };
    socket.onclose = () => {
      show({ state: "offline", message: "briefgen serve is not running", pdf: "" });
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
