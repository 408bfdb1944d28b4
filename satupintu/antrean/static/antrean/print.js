// The ticket page: "Cetak" prints it (at the kiosk: the receipt printer); the kiosk returns to its start page.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
  const back = document.body.dataset.return;
  if (back) setTimeout(() => { window.location.href = back; }, 60000);
});
