# An independent client: read every CSV resource of a package with plain readr, using
# the types its datapackage.json declares, and check the row counts it states.
# Usage: Rscript read_package.R PACKAGE_FOLDER
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
descriptor <- jsonlite::fromJSON(file.path(folder, "datapackage.json"), simplifyVector = FALSE)
codes <- c(string = "c", integer = "i", number = "d", boolean = "l", date = "D")
failed <- FALSE
for (resource in descriptor$resources) {
  fields <- resource$schema$fields
  spec <- paste0(vapply(fields, function(f) codes[[f$type]], ""), collapse = "")
  data <- readr::read_csv(file.path(folder, resource$path), col_types = spec, na = "",
                          locale = readr::locale(encoding = "UTF-8"), progress = FALSE)
  problems <- readr::problems(data)
  names_ok <- identical(names(data), vapply(fields, function(f) f$name, ""))
  if (nrow(problems) > 0 || nrow(data) != resource$rows || !names_ok) {
    failed <- TRUE
    cat("FAIL", resource$name, "rows", nrow(data), "declared", resource$rows, "problems", nrow(problems), "\n")
    print(problems)
  } else {
    cat("ok", resource$name, nrow(data), "\n")
  }
}
if (failed) quit(status = 1)
