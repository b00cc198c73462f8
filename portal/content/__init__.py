"""Content: parse Markdown bundles -> validate -> frozen records -> one ContentStore per process.

Nothing in this package imports Flask except `store.init_app` and `cli`, so parsing and
validation are plain functions that tests, the editor and the indexer call directly.
"""
