"""Writers of the published files: workbooks, the summary page, Parquet, Data Docs."""
