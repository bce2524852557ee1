"""Files for the imports' tests, built in the test."""

import csv
import io


def csv_bytes(rows, encoding="utf-8", delimiter=",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


AGREEMENTS = [
    [
        "Reference",
        "Title",
        "العنوان",
        "Type",
        "Status",
        "Parties",
        "Date of signature",
        "Entry into force",
    ],
    [
        "EG-DE-1",
        "MoU on ICT",
        "مذكرة تفاهم",
        "MoU",
        "In force",
        "Egypt, Germany",
        "12.03.2018",
        "2018-04-01",
    ],
    ["EG-KR-2", "Agreement on 5G", "", "agreement", "signed", "Korea, Republic of", "2021?", ""],
    [
        "EG-XX-3",
        "Agreement with nobody known",
        "",
        "agreement",
        "signed",
        "Atlantis",
        "2020-01-01",
        "",
    ],
    ["EG-DE-4", '=HYPERLINK("http://evil")', "", "mou", "signed", "Germany", "2019-02-31", ""],
]
