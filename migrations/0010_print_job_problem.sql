-- Why a receipt did not print, as a short code the counter words in the cashier's
-- language (paper_out, printer_unreachable, ...); last_error keeps the English detail.
ALTER TABLE print_jobs ADD COLUMN last_problem TEXT;
