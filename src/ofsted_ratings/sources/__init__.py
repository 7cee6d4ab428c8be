"""Where records come from: Ofsted's report PDFs (:mod:`.reports`), its letters on focused and
monitoring visits (:mod:`.letters`; :mod:`.documents` tells the two apart), its official
outcome spreadsheets (:mod:`.official`) and its website (:mod:`.ofsted`).

Each source turns what Ofsted publishes into the package's records or rows of its own; none
of them knows about the dataset, the merge or the command line.
"""
