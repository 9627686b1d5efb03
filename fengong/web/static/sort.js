// Sort a table by the column whose header is clicked (or activated with Enter/Space).
document.querySelectorAll("table[data-sortable]").forEach((table) => {
  table.querySelectorAll("th[data-sort]").forEach((th, index) => {
    th.tabIndex = 0;
    const sort = () => {
      const body = table.tBodies[0];
      const rows = Array.from(body.rows);
      const descending = th.getAttribute("aria-sort") !== "descending";
      const key = (row) => row.cells[index].dataset.value ?? row.cells[index].textContent.trim();
      rows.sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const cmp = (isNaN(x) || isNaN(y)) ? x.localeCompare(y, "zh") : Number(x) - Number(y);
        return descending ? -cmp : cmp;
      });
      table.querySelectorAll("th[data-sort]").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.forEach((row) => body.appendChild(row));
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
});
