// The measures page: a link to a measure or task (#measure-… / #task-…) opens it, and one
// button opens or closes every measure.
(function () {
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  const button = document.getElementById("expand-all");
  if (button) {
    button.addEventListener("click", function () {
      const measures = document.querySelectorAll("details.measure");
      const open = Array.from(measures).some((d) => !d.open);
      measures.forEach((d) => { d.open = open; });
      button.textContent = open ? button.dataset.close : button.dataset.open;
    });
  }
})();
