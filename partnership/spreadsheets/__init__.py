"""The one reader for every spreadsheet a person uploads (`reading`) and the one
writer for every CSV and XLSX the portal produces (`writing`)."""
