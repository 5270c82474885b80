"""The case summary: gathered as plain data (`summary_data`), laid out as HTML (`summary_html`), painted by `render`."""
