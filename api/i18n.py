"""The web pages' words, in Chinese and English; ``?lang=`` or a cookie chooses."""

from __future__ import annotations

__all__ = ["LANGS", "TEXT"]

LANGS = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "site": {"zh": "分工", "en": "Fengong"},
    "skip": {"zh": "跳到正文", "en": "Skip to content"},
    "home": {"zh": "首页", "en": "Home"},
    "measures": {"zh": "措施", "en": "Measures"},
    "departments": {"zh": "部门", "en": "Departments"},
    "matrix": {"zh": "分工矩阵", "en": "Matrix"},
    "validation": {"zh": "校验", "en": "Validation"},
    "sparql": {"zh": "SPARQL", "en": "SPARQL"},
    "api": {"zh": "API 文档", "en": "API docs"},
    "document": {"zh": "文件", "en": "Document"},
    "number": {"zh": "文号", "en": "Number"},
    "issuer": {"zh": "发文机关", "en": "Issuer"},
    "date": {"zh": "日期", "en": "Date"},
    "sections": {"zh": "篇章", "en": "Sections"},
    "tasks": {"zh": "细化措施", "en": "Refined tasks"},
    "applies": {"zh": "贯彻落实的上级文件", "en": "Documents it implements"},
    "cites": {"zh": "引用的法规文件", "en": "Acts it cites"},
    "level": {"zh": "层级", "en": "Level"},
    "lead": {"zh": "牵头", "en": "Lead"},
    "support": {"zh": "配合", "en": "Support"},
    "merged-cell": {"zh": "合并单元格", "en": "merged cell"},
    "category": {"zh": "类别", "en": "category"},
    "etc": {"zh": "等", "en": "open list (等)"},
    "line": {"zh": "行", "en": "line"},
    "lead_tasks": {"zh": "牵头细化措施数", "en": "Tasks led"},
    "support_tasks": {"zh": "配合细化措施数", "en": "Tasks supported"},
    "lead_measures": {"zh": "牵头措施数", "en": "Measures led"},
    "support_measures": {"zh": "配合措施数", "en": "Measures supported"},
    "department": {"zh": "部门", "en": "Department"},
    "profile": {"zh": "按篇章统计", "en": "By section"},
    "direct": {"zh": "直接点名", "en": "named"},
    "reached": {"zh": "含类别推及", "en": "incl. categories"},
    "leads": {"zh": "牵头的细化措施", "en": "Tasks it leads"},
    "basis": {"zh": "依据", "en": "Basis"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "matrix_help": {"zh": "L = 牵头，S = 配合；点击表头排序。",
                    "en": "L = lead, S = support; click a header to sort."},
    "violation": {"zh": "违规", "en": "Violations"},
    "warning": {"zh": "警告", "en": "Warnings"},
    "info": {"zh": "提示", "en": "Info"},
    "source": {"zh": "来源", "en": "Source"},
    "slogans": {"zh": "提法", "en": "Slogans"},
    "examples": {"zh": "查询目录示例", "en": "Catalogue examples"},
    "endpoint": {"zh": "查询端点", "en": "Endpoint"},
}  # fmt: skip
