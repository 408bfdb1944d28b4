// The display board polls its JSON every second (an unchanged board answers 304 through the browser's cache) and
// updates the numbers in place; a new call (its sequence number grew) flashes the row and, when switched on, is
// spoken in Indonesian through the browser's speech synthesis.
(function () {
  const body = document.body;
  const url = body.dataset.url;
  const template = body.dataset.say || "Nomor antrean %(number)s, silakan ke %(counter)s";
  let speak = false;
  const button = document.querySelector("[data-speech]");
  if (button) {
    button.addEventListener("click", () => {
      speak = !speak;
      button.setAttribute("aria-pressed", String(speak));
    });
  }
  function say(number, counter) {
    if (!speak || !("speechSynthesis" in window)) return;
    const spelled = number.replace("-", " ").split("").join(" ").replace(/\s+/g, " ");
    const text = template.replace("%(number)s", spelled).replace("%(counter)s", counter);
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "id-ID";
    window.speechSynthesis.speak(u);
  }
  function render(counters) {
    const tbody = document.querySelector("tbody");
    counters.forEach((c) => {
      let row = tbody.querySelector(`tr[data-id="${c.id}"]`);
      if (!row) {
        row = document.createElement("tr");
        row.dataset.id = c.id;
        row.dataset.seq = "0";
        const name = document.createElement("td");
        const num = document.createElement("td");
        num.className = "number";
        num.dataset.testid = `board-${c.id}`;
        row.append(name, num);
        tbody.append(row);
      }
      row.cells[0].textContent = c.counter;
      row.cells[1].textContent = c.number || "–";
      const seq = Number(row.dataset.seq || 0);
      if (c.seq > seq) {
        row.dataset.seq = String(c.seq);
        if (c.number) {
          row.classList.add("flash");
          setTimeout(() => row.classList.remove("flash"), 4000);
          say(c.number, c.spoken);
        }
      }
    });
  }
  async function poll() {
    try {
      const response = await fetch(url, { cache: "no-cache", headers: { Accept: "application/json" } });
      if (response.ok) render((await response.json()).counters);
    } catch (e) {
      // the network is down for a moment: try again at the next tick
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
