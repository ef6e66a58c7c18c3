// The rehearsal page: it only shows the state talkgen keeps and sends it the speaker's actions.
// talkgen (the local server this page came from) owns the clock and the log, so a reload, a
// second window or a closed tab never loses or doubles anything.
(() => {
  "use strict";
  // The presenter view, or at .../projector the projector window: only the slide.
  const view = window.location.pathname.endsWith("/projector") ? "projector" : "presenter";
  document.body.dataset.view = view;
  const $ = (id) => document.getElementById(id);
  const NEXT = new Set([" ", "Enter", "ArrowRight", "ArrowDown", "PageDown", "n", "N"]);
  const BACK = new Set(["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "b", "B"]);
  const PAUSE = new Set(["p", "P"]);
  const FINISH = new Set(["q", "Q"]);
  const JUMP = { Home: "first", End: "last" };
  let talk = null;
  let state = { started: false };
  let shown = { current: "", next: "" };
  let notesSize = 1;
  let gone = false;
  let typed = ""; // a slide number being typed: digits, then Enter goes there

  const fmt = (seconds) => {
    const s = Math.max(0, Math.round(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const level = (seconds, planned) =>
    seconds > planned ? "over" : seconds >= talk.nearing * planned ? "near" : "ok";
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // A slide as the audience sees it: its picture when talkgen has drawn the deck, else its text.
  function drawSlide(box, number, which) {
    const pictured = state.pictures === "ready" && (state.pictured || []).includes(number);
    const id = `${number}:${pictured ? state.pictures_version : "text"}`;
    if (shown[which] === id) return;
    shown[which] = id;
    box.replaceChildren();
    const slide = talk.slides[number - 1];
    if (pictured) {
      const img = el("img");
      img.src = `slides/${number}.png?v=${state.pictures_version}`;
      img.alt = `Slide ${number}: ${slide.title}`;
      box.append(img);
      return;
    }
    const card = el("div", "text-slide");
    card.append(el("h2", "", slide.title));
    if (slide.quote) {
      const quote = el("blockquote");
      quote.append(el("p", "", slide.quote.text), el("cite", "", slide.quote.attribution));
      card.append(quote);
    }
    if (slide.points.length) {
      const list = el("ul");
      for (const point of slide.points) list.append(el("li", "", point));
      card.append(list);
    }
    box.append(card);
  }

  function drawNotes(slide) {
    const notes = $("notes");
    if (notes.dataset.slide === String(slide.number)) return;
    notes.dataset.slide = String(slide.number);
    notes.replaceChildren();
    const paragraphs = slide.notes.length ? slide.notes : ["(no notes for this slide)"];
    for (const text of paragraphs) notes.append(el("p", "", text));
    notes.scrollTop = 0;
  }

  function setClock(id, seconds, planned) {
    const clock = $(id);
    clock.textContent = fmt(seconds);
    clock.className = `time ${level(seconds, planned)}`;
  }

  function drawSummary() {
    const box = $("summary");
    box.replaceChildren();
    const table = el("table");
    const head = el("tr");
    for (const name of ["#", "Slide", "Time", "Planned"]) head.append(el("th", "", name));
    table.append(head);
    for (const row of state.summary) {
      const tr = el("tr");
      tr.append(
        el("td", "", String(row.number)),
        el("td", "", row.title),
        el("td", row.seconds === null ? "" : level(row.seconds, row.planned),
          row.seconds === null ? "—" : fmt(row.seconds)),
        el("td", "", fmt(row.planned)),
      );
      table.append(tr);
    }
    box.append(table);
  }

  function render() {
    const current = state.started ? state.current : 1;
    const slide = talk.slides[current - 1];
    drawSlide($("current"), current, "current");
    document.body.classList.toggle("finished", !!state.finished);
    if (view === "projector") return;
    const following = talk.slides[current] || null;
    $("where").textContent = `Slide ${current} of ${talk.slides.length}: ${slide.title}`;
    if (following) {
      drawSlide($("next"), current + 1, "next");
    } else if (shown.next !== "end") {
      shown.next = "end";
      $("next").replaceChildren(el("div", "end", "The end: next or q finishes"));
    }
    drawNotes(slide);
    $("slide-plan").textContent = `/ ${fmt(slide.planned)}`;
    $("talk-plan").textContent = `/ ${fmt(talk.duration)}`;
    const note = state.pictures === "drawing" ? "Drawing the slides with LibreOffice…"
      : state.pictures_note || "";
    $("note").textContent = note;
    const overlay = $("overlay");
    if (!state.started) {
      overlay.hidden = false;
      $("status").textContent = "Ready: press any key or click to begin";
      return;
    }
    setClock("on-slide", state.on_slide, slide.planned);
    setClock("elapsed", state.elapsed, talk.duration);
    $("expected").textContent = fmt(state.expected);
    $("drift").textContent = state.drift_text;
    $("drift").className = `drift ${state.drift >= 1 ? "behind" : "fine"}`;
    $("checkpoint").textContent = state.checkpoint;
    $("pause-button").textContent = state.paused ? "Resume" : "Pause";
    $("status").textContent = state.finished ? "Finished"
      : typed ? `Go to slide ${typed}: Enter (Esc: never mind)`
      : state.paused ? "PAUSED (p to resume)"
      : talk.auto_advance ? "Slides move on by themselves" : "";
    document.body.classList.toggle("paused", !!state.paused);
    if (state.finished) {
      overlay.hidden = false;
      $("overlay-title").textContent = `Rehearsal saved: ${state.total}`;
      $("overlay-text").textContent =
        `Logged to ${state.log}. You can close this tab; ${talk.after}`;
      drawSummary();
    } else {
      overlay.hidden = true;
    }
  }

  async function poll() {
    if (gone) return;
    try {
      const answer = await fetch("state.json", { cache: "no-store" });
      if (!answer.ok) throw new Error(String(answer.status));
      state = await answer.json();
      render();
    } catch (error) {
      ended();
      return;
    }
    if (!state.finished) setTimeout(poll, talk.poll_ms);
    else setTimeout(poll, 1000);
  }

  function ended() {
    gone = true;
    document.body.classList.add("gone");
    if (view === "presenter" && !state.finished) {
      $("overlay").hidden = false;
      $("overlay-title").textContent = "The rehearsal has ended";
      $("overlay-text").textContent = "talkgen is no longer running; everything said was saved.";
    }
  }

  // The action that begins the rehearsal is on its way: a second key pressed before its
  // answer would reach talkgen after the start, and move on a slide, so it is dropped.
  let beginning = false;

  async function act(action, slide) {
    if (gone || state.finished) return;
    if (!state.started) {
      if (beginning) return;
      beginning = true;
    }
    try {
      const answer = await fetch("action", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(slide === undefined ? { action } : { action, slide }),
      });
      if (answer.ok) {
        state = await answer.json();
        render();
      }
    } catch (error) {
      ended();
    } finally {
      beginning = false;
    }
  }

  function actionOf(event) {
    if (event.key in JUMP) return JUMP[event.key];
    if (NEXT.has(event.key)) return "next";
    if (BACK.has(event.key)) return "back";
    if (PAUSE.has(event.key)) return "pause";
    if (FINISH.has(event.key)) return "finish";
    return null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !talk) return;
    if (event.key === "+" || event.key === "=" || event.key === "-") {
      notesSize = Math.min(2.5, Math.max(0.6, notesSize + (event.key === "-" ? -0.1 : 0.1)));
      document.documentElement.style.setProperty("--notes-scale", String(notesSize));
      return;
    }
    const action = actionOf(event);
    if (!state.started) {
      // Any key begins the rehearsal (and does nothing else); q leaves it unbegun.
      if (action !== "finish" && !["Shift", "Control", "Alt", "Meta"].includes(event.key)) {
        event.preventDefault();
        act("next");
      }
      return;
    }
    if (/^[0-9]$/.test(event.key) || (typed && ["Escape", "Backspace"].includes(event.key))) {
      // Jump to a slide: type its number, then Enter (or any key that moves on).
      event.preventDefault();
      typed = event.key === "Escape" ? ""
        : event.key === "Backspace" ? typed.slice(0, -1)
        : (typed + event.key).replace(/^0+/, "").slice(-3);
      render();
      return;
    }
    if (typed && action === "next") {
      event.preventDefault();
      const number = Math.min(Math.max(1, Number(typed)), talk.slides.length);
      typed = "";
      act("go", number);
      return;
    }
    typed = "";
    if (action) {
      event.preventDefault();
      act(action);
    } else {
      render();
    }
  });

  // What a click or a tap on `target` does: before the start, begin; then the action of the
  // slide or button under it (the projector button only opens its window).
  function actionAt(target) {
    if (!talk || target.closest("#open-projector")) return null;
    if (!state.started) return "next";
    const control = target.closest("[data-action]");
    return control ? control.dataset.action : null;
  }

  document.addEventListener("click", (event) => {
    const action = actionAt(event.target);
    if (action) act(action);
  });

  // Touch: a swipe left is next, a swipe right back, a tap what a click does. Handled here, and
  // the click a browser may make of the same touch suppressed, so one touch is one action in
  // every browser (the page's CSS keeps sideways swipes from going back in the history).
  const SWIPE_PX = 50;
  const TAP_PX = 10;
  let touch = null;
  document.addEventListener("touchstart", (event) => {
    const t = event.changedTouches[0];
    touch = event.touches.length === 1 ? { x: t.clientX, y: t.clientY } : null;
  }, { passive: true });
  document.addEventListener("touchcancel", () => { touch = null; }, { passive: true });
  document.addEventListener("touchend", (event) => {
    if (!touch || !talk) return;
    const t = event.changedTouches[0];
    const dx = t.clientX - touch.x;
    const dy = t.clientY - touch.y;
    touch = null;
    let action = null;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) {
      action = state.started ? (dx < 0 ? "next" : "back") : "next";
    } else if (Math.abs(dx) < TAP_PX && Math.abs(dy) < TAP_PX) {
      action = actionAt(event.target);
    }
    if (action) {
      event.preventDefault(); // not also a click
      act(action);
    }
  });

  if (view === "presenter") {
    $("open-projector").addEventListener("click", () => {
      window.open("projector", "talkgen-projector", "popup,width=1280,height=720");
    });
  }

  fetch("talk.json", { cache: "no-store" })
    .then((answer) => answer.json())
    .then((record) => {
      talk = record;
      document.documentElement.lang = talk.language;
      document.title = `${view === "projector" ? "Slides" : "Rehearsal"}: ${talk.title}`;
      if (view === "presenter") {
        $("talk-title").textContent = talk.title;
        // Said before anything else: e.g. the deck pictured is older than the content.
        $("warning").textContent = talk.warning;
        $("warning").hidden = !talk.warning;
      }
      poll();
    })
    .catch(ended);
})();
