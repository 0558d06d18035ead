"""Import of entities from the spreadsheets regional centres and support centres keep.

Four steps, each its own module of this package:

1. **Reading** (`reading.read_sheet`): CSV (UTF-8 with or without BOM, Windows-1250, UTF-16;
   `;`, `,` or tab separated, sniffed) or XLSX (the first sheet). A title row above the
   headers is skipped: the header row is the first one whose cells name known columns.
2. **Column mapping** (`columns.detect_mapping`): Polish and English headers, compared folded
   (no case, no diacritics). The user sees the guess and may change it (`forms.MappingForm`).
3. **Checking** (`rows.Importer`): every row becomes EntityForm data and is validated by
   EntityForm (through EntityChecker, which builds the form once for all rows), the one
   validation path for entity data. Cells are read as spreadsheets write them (`values`
   for kinds, statuses and yes/no; `gminas` for the gmina). A row matches an existing entity
   by its ID in koordynator, else NIP, else KRS, else REGON, else (only when it has no
   identifier) by the same name in the same gmina. Nothing is written.
4. **Import** (`batches.batch_import`): after the user confirms, every row is checked again
   and the good ones are written in ONE transaction through services.entities_create_many
   (new entities, a chunk at a time) and services.entity_update, so history and audit
   entries are written as for a change made by hand. Rows with errors are skipped. Empty
   cells never erase a value: they leave the field as it is.

`batches.batch_check` and `batches.batch_import` run as background tasks (tasks.py) and
record their progress on the ImportBatch every PROGRESS_EVERY rows.
"""
