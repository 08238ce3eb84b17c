-- CSV bank statements (issue 14): the column mapping a user sets once per
-- bank, kept by name (ledger/bank_csv.go). spec is the mapping as JSON
-- (BankCSVMapping): which columns hold the date, the amount (or credit and
-- debit), counterparty, reference and text, the date format, decimal comma,
-- separator, lines to skip and the file's encoding.
CREATE TABLE IF NOT EXISTS bank_csv_mappings (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
