"""Partner names in imported registers, matched to the partner registry.

Registers name their partners every which way: "Korea, Republic of", "South Korea",
"KOR", "كوريا الجنوبية", "ITU", "EU (European Union)", "Zaire". A `Matcher` is built once
per import job from the registry (one query) and reads every name in memory:

- ISO 3166-1 alpha-2 and alpha-3 codes, any case ("eg", "EGY"), for countries only;
- the English name, the Arabic name and every other name in `former_names` (one per line:
  the reference data puts ISO's names there, e.g. "Korea, Republic of", "Czech Republic");
  a name of the form "Korea, Republic of" is also known as "Republic of Korea", and one
  with a parenthesis, "Myanmar (Burma)", also by what precedes it ("Myanmar");
- acronyms ("itu", "UN-Habitat");
- `ALIASES` below: renamed states and UN-, WTO- and UNCTAD-style names that neither
  pycountry nor CLDR give;
- COW's squashed state names ("saudiarabia", "uae"), through multilateral.igo's table.

Names are compared by `key()`: `core.text.normalize` (case, accents, Arabic letter forms,
diacritics, digits), "&" read as "and", "St." as "Saint", then everything but letters and
digits dropped, so "Côte d’Ivoire", "Cote d'Ivoire" and "COTE D IVOIRE" meet, and so do
"الإمارات العربية المتحدة" and "الامارات العربيه المتحده". Nothing else is stripped: a
leading "The" or "Republic of" changes the key, and the aliases say which such forms exist.

A match never guesses:
- a name that fits two partners is "ambiguous" and lists both ("AU": Australia's ISO code
  and the African Union's acronym; "Korea");
- a name read only in part (one side of "NAME (NAME)") is at best "ambiguous", for a person
  to confirm, unless both sides name the same partner ("EU (European Union)");
- a state that no longer exists (the USSR, Czechoslovakia, Yugoslavia, the GDR...) is
  "unknown", with the reason and its successor states as `suggestions`; it is never
  silently folded into a successor. A state that only changed its name (Zaire, Burma,
  Swaziland, Turkey) is matched.

"Congo" alone is the Republic of the Congo: it is the ISO 3166 and UN short name of that
state (the other one is always "Democratic Republic of the Congo", "Congo - Kinshasa" or
"Congo, Democratic Republic of the"), and UNCTAD's file uses it so. Likewise "Guinea".
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import pycountry

from core.text import normalize
from multilateral import igo

MATCHED, AMBIGUOUS, UNKNOWN = "matched", "ambiguous", "unknown"

# How a name was recognised (Match.how, and each candidate's "how").
ISO2, ISO3, NAME, ARABIC, FORMER = "iso2", "iso3", "name", "arabic name", "former name"
ACRONYM, ALIAS, COW, HISTORIC, PART = "acronym", "alias", "COW name", "historic state", "part"

COUNTRY = "country"

# Old and other names of countries that pycountry and CLDR do not give (checked against the
# reference data: "Czech Republic", "Korea, Republic of", "Taiwan, Province of China",
# "Bolivarian Republic of Venezuela", "Holy See" and the like are already known, and the EU's
# "European Community", "European Communities" and "EEC" are in organizations.csv), as ISO
# 3166-1 alpha-2 codes. A test checks that none of them is already known otherwise.
ALIASES = {
    # States that changed their name (the same state: its agreements are its own).
    "Zaire": "CD",
    "Burma": "MM",
    "Upper Volta": "BF",
    "Swaziland": "SZ",
    "Kingdom of Swaziland": "SZ",
    "Turkey": "TR",
    "Republic of Turkey": "TR",
    "Ceylon": "LK",
    "Kampuchea": "KH",
    "Democratic Kampuchea": "KH",
    "Western Samoa": "WS",
    "Ivory Coast": "CI",
    "Libyan Arab Jamahiriya": "LY",
    "Macedonia": "MK",
    "The former Yugoslav Republic of Macedonia": "MK",
    "Macedonia, The Former Yugoslav Republic of": "MK",
    "West Germany": "DE",
    # UN, WTO and UNCTAD forms.
    "Korea, Dem. People's Rep. of": "KP",
    "Congo, Democratic Republic of the": "CD",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "Congo, Republic of the": "CG",
    "Hong Kong, China SAR": "HK",
    "Hong Kong, China": "HK",
    "Hong Kong SAR": "HK",
    "China, Hong Kong SAR": "HK",
    "China, Hong Kong Special Administrative Region": "HK",
    "Macao, China SAR": "MO",
    "Macao, China": "MO",
    "Macao SAR": "MO",
    "Macau": "MO",
    "China, Macao SAR": "MO",
    "China, Macao Special Administrative Region": "MO",
    "Chinese Taipei": "TW",
    "Palestine": "PS",
    "The Gambia": "GM",
    "The Bahamas": "BS",
    "The Netherlands": "NL",
    "UK": "GB",
    "Great Britain": "GB",
    "UAE": "AE",
    "KSA": "SA",
    # Arabic forms that CLDR's short names do not give.
    "جمهورية مصر العربية": "EG",
    "فلسطين": "PS",
    "دولة فلسطين": "PS",
    "الولايات المتحدة الأمريكية": "US",
}

# Names that fit more than one state and that no single partner's names give away.
AMBIGUOUS_NAMES = {
    "Korea": ("KR", "KP"),
    "كوريا": ("KR", "KP"),
    "Virgin Islands": ("VG", "VI"),
}


class Historic(NamedTuple):
    """A state that no longer exists: what it was, and the ISO codes of its successors
    (the state that continues it first)."""

    reason: str
    successors: tuple
    names: tuple  # and its withdrawn ISO codes


# States that no longer exist. They match nothing: an agreement with the USSR is not,
# without a person deciding it, an agreement with the Russian Federation. (multilateral.igo
# folds COW's `ussr` and `yugoslaviaserb` into RU and RS, which is right for membership
# years that COW already tracks as one state; it is not right for a register.)
HISTORIC_STATES = (
    Historic(
        "the Union of Soviet Socialist Republics, dissolved in 1991 (ISO code SU withdrawn): "
        "the Russian Federation continues it; the other 14 republics are successor states",
        ("RU",),
        (
            "USSR",
            "U.S.S.R.",
            "Soviet Union",
            "Union of Soviet Socialist Republics",
            "الاتحاد السوفيتي",
            "الاتحاد السوفييتي",
            "SU",
            "SUN",
        ),
    ),
    Historic(
        "Czechoslovakia, dissolved on 1 January 1993 (ISO code CS withdrawn) into Czechia "
        "and Slovakia",
        ("CZ", "SK"),
        (
            "Czechoslovakia",
            "Czech and Slovak Federal Republic",
            "Czechoslovak Socialist Republic",
            "تشيكوسلوفاكيا",
            "CSK",
        ),
    ),
    Historic(
        "Yugoslavia: the Socialist Federal Republic, dissolved in 1992 into five states, or "
        "the Federal Republic of Yugoslavia (1992-2003, ISO code YU withdrawn), which Serbia "
        "continues",
        ("RS", "BA", "HR", "ME", "MK", "SI"),
        (
            "Yugoslavia",
            "Yugoslavia (former)",
            "Former Yugoslavia",
            "Socialist Federal Republic of Yugoslavia",
            "SFRY",
            "يوغوسلافيا",
            "YU",
            "YUG",
        ),
    ),
    Historic(
        "the Federal Republic of Yugoslavia, from 2003 Serbia and Montenegro, dissolved in "
        "2006 (ISO code CS withdrawn): Serbia continues it, Montenegro is a new state",
        ("RS", "ME"),
        (
            "Federal Republic of Yugoslavia",
            "FRY",
            "Serbia and Montenegro",
            "State Union of Serbia and Montenegro",
            "SCG",
        ),
    ),
    Historic(
        "the German Democratic Republic, which joined the Federal Republic of Germany on "
        "3 October 1990 (ISO code DD withdrawn)",
        ("DE",),
        ("German Democratic Republic", "East Germany", "GDR", "DD", "DDR"),
    ),
    Historic(
        "a Yemeni state that united with the other in 1990 as the Republic of Yemen",
        ("YE",),
        (
            "Yemen Arab Republic",
            "North Yemen",
            "People's Democratic Republic of Yemen",
            "South Yemen",
            "Democratic Yemen",
            "YD",
            "YMD",
        ),
    ),
    Historic(
        "the Republic of Vietnam (South Vietnam, to 1975)",
        ("VN",),
        ("Republic of Vietnam", "South Vietnam"),
    ),
    Historic(
        "Tanganyika or Zanzibar, united in 1964 as the United Republic of Tanzania",
        ("TZ",),
        ("Tanganyika", "Zanzibar", "People's Republic of Zanzibar"),
    ),
    Historic(
        "the Netherlands Antilles, dissolved in 2010 (ISO code AN withdrawn)",
        ("CW", "SX", "BQ"),
        ("Netherlands Antilles", "AN", "ANT"),
    ),
)

# Withdrawn ISO 3166 codes of states that only changed their name: pycountry's historic
# names for them ("Zaire, Republic of", "Dahomey", "East Timor") match the state today.
RENAMED = {"ZR": "CD", "BU": "MM", "DY": "BJ", "HV": "BF", "TP": "TL"}

# Groups of states that sign as one party: never one partner, but who they are is known.
GROUPS = {
    "BLEU": (
        "the Belgium-Luxembourg Economic Union signs for both states: record Belgium and "
        "Luxembourg as parties",
        ("BE", "LU"),
    ),
    "Belgium-Luxembourg Economic Union": (
        "the Belgium-Luxembourg Economic Union signs for both states: record Belgium and "
        "Luxembourg as parties",
        ("BE", "LU"),
    ),
}

_EXPAND = {"st": "saint", "ste": "sainte"}
_WORD = re.compile(r"[^\W_]+")
_CODE = re.compile(r"[A-Za-z]{2,3}")
_PARENTHESIS = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>.*)\)\s*$")
_HARD_SEPARATORS = re.compile(r"[;؛\n]+")
_SOFT_SEPARATOR = re.compile(r"[,،]")
_LONGEST_RUN = 4  # pieces in the longest known name with commas, and some


def key(text: str | None) -> str:
    """The form names are compared in: normalized, "&" as "and", "St" as "Saint", then
    letters and digits only ("Côte d’Ivoire" -> "cotedivoire")."""
    text = normalize(text).replace("&", " and ")
    return "".join(_EXPAND.get(word, word) for word in _WORD.findall(text))


def comma_key(text: str) -> str:
    """The key of each comma-separated piece, commas kept: the form in which split() tells
    "Korea, Republic of" (one name) from "Austria, Hungary" (two)."""
    return ",".join(key(piece) for piece in _SOFT_SEPARATOR.split(text))


def variants(name: str) -> list[str]:
    """A name and the forms it is also written in: "Korea, Republic of" is also "Republic
    of Korea"; "Myanmar (Burma)" is also "Myanmar". Nothing is guessed beyond that."""
    name = name.strip()
    found = [name]
    head, comma, tail = name.partition(",")
    tail = tail.strip()
    if comma and "," not in tail and re.search(r"\bof( the)?$", tail, re.IGNORECASE):
        found.append(f"{tail} {head}")
    parenthesis = _PARENTHESIS.match(name)
    if parenthesis and parenthesis["head"].strip():
        found.append(parenthesis["head"])
    return found


@dataclass
class Match:
    """What a name in a register is.

    - matched: `partner` is the partner's id; `candidates` holds it, with its name;
    - ambiguous: `candidates` are the partners it may be, each {"id", "name", "kind",
      "how"}: a person chooses, the import never does;
    - unknown: nothing fits; `reason` says why when more is known (a historic state, a group
      of states) and `suggestions` lists the partners a person might record instead (the
      successor states), in the candidates' form. A suggestion is never taken by itself.
    """

    text: str
    status: str
    partner: int | None = None
    how: str = ""
    candidates: list = field(default_factory=list)
    reason: str = ""
    suggestions: list = field(default_factory=list)

    @property
    def matched(self) -> bool:
        return self.status == MATCHED


class Row(NamedTuple):
    """What the matcher keeps of a partner."""

    id: int
    kind: str
    name_en: str
    name_ar: str
    acronym: str
    iso_alpha2: str
    iso_alpha3: str
    former_names: str
    country_id: int | None


class Matcher:
    """Every partner name of the registry, in memory, for one import job."""

    def __init__(self, rows, aliases=None, kind: str | None = None):
        self.kind = kind
        self.partners = {row.id: row for row in map(Row._make, rows)}
        self.codes: dict[str, dict[int, str]] = {}  # "EG"/"EGY" -> {id: how}
        self.names: dict[str, dict[int, str]] = {}  # key -> {id: how}
        self.historic: dict[str, Historic] = {}  # key or withdrawn code -> historic state
        self.groups: dict[str, tuple] = {}
        self.commas: set[str] = set()  # the names that hold commas, as comma_key()
        self._cache: dict[tuple, Match] = {}
        countries = {}
        for row in self.partners.values():
            if row.kind == COUNTRY:
                countries[row.iso_alpha2.upper()] = row.id
                self._code(row.iso_alpha2, row.id, ISO2)
                self._code(row.iso_alpha3, row.id, ISO3)
            self._names([row.name_en], row.id, NAME)
            self._names([row.name_ar], row.id, ARABIC)
            self._names(row.former_names.splitlines(), row.id, FORMER)
            if row.acronym:
                self._names([row.acronym], row.id, ACRONYM)
        aliases = ALIASES if aliases is None else aliases
        for name, code in aliases.items():
            if code in countries:
                self._names([name], countries[code], ALIAS)
        for name, codes in AMBIGUOUS_NAMES.items():
            for code in codes:
                if code in countries:
                    self._names([name], countries[code], ALIAS)
        self.countries = countries
        self._load_historic()
        for name, group in GROUPS.items():
            self.groups[self._remember(name)] = group

    @classmethod
    def load(cls, kind: str | None = None, queryset=None) -> "Matcher":
        """The matcher for the registry, or for the partners of one kind, in one query. Pass
        `queryset` (e.g. `Partner.objects.restrict(user)`) to match only what a user may
        see."""
        from partners.models import Partner

        queryset = Partner.objects.all() if queryset is None else queryset
        if kind:
            queryset = queryset.filter(kind=kind)
        rows = queryset.order_by().values_list(*Row._fields)
        return cls(list(rows), kind=kind)

    # Building ---------------------------------------------------------------------------

    def _remember(self, name: str) -> str:
        """The key of a name, noting where it holds commas (for split())."""
        if _SOFT_SEPARATOR.search(name):
            self.commas.add(comma_key(name))
        return key(name)

    def _code(self, code: str, partner_id: int, how: str) -> None:
        if code:
            self.codes.setdefault(code.upper(), {}).setdefault(partner_id, how)

    def _names(self, names, partner_id: int, how: str) -> None:
        for name in names:
            for variant in variants(name) if name.strip() else ():
                name_key = self._remember(variant)
                if name_key:
                    self.names.setdefault(name_key, {}).setdefault(partner_id, how)

    def _load_historic(self) -> None:
        """pycountry's withdrawn countries (as names and withdrawn codes), then the curated
        table, which wins. Renamed states' old names become names of the state today."""
        for country in pycountry.historic_countries:
            renamed = RENAMED.get(country.alpha_2)
            if renamed in self.countries:
                self._names([country.name], self.countries[renamed], FORMER)
            successor = getattr(country, "alpha_4", "")[2:]
            year = getattr(country, "withdrawal_date", "")[:4]
            historic = Historic(
                f"{country.name}: ISO code {country.alpha_2} withdrawn in {year}",
                (successor,) if successor in self.countries else (),
                (),
            )
            for code in (country.alpha_2, country.alpha_3):
                if code not in self.codes:  # "SK" was Sikkim's, "BY" Byelorussia's
                    self.historic.setdefault(key(code), historic)
            if not renamed:
                for variant in variants(country.name):
                    self.historic.setdefault(self._remember(variant), historic)
        for historic in HISTORIC_STATES:
            for name in historic.names:
                self.historic[self._remember(name)] = historic

    # Matching ---------------------------------------------------------------------------

    def candidate(self, partner_id: int, how: str) -> dict:
        row = self.partners[partner_id]
        name = f"{row.name_en} ({row.acronym})" if row.acronym else row.name_en
        if row.kind != COUNTRY and row.country_id in self.partners:
            name = f"{name}, {self.partners[row.country_id].name_en}"
        return {"id": row.id, "name": name, "kind": row.kind, "how": how}

    def hits(self, text: str) -> dict[int, str]:
        """{partner id: how} for every partner `text` names, whatever its kind."""
        found: dict[int, str] = {}
        code = text.strip().replace(".", "")
        if _CODE.fullmatch(code):
            found.update(self.codes.get(code.upper(), {}))
        for partner_id, how in self.names.get(key(text), {}).items():
            found.setdefault(partner_id, how)
        return found

    def match(self, text: str, kind: str | None = None) -> Match:
        """The partner `text` names (of `kind`, when given)."""
        kind = kind or self.kind
        cached = self._cache.get((text, kind))
        if cached is None:
            cached = self._cache[(text, kind)] = self._match(text, kind)
        return cached

    def _match(self, text: str, kind: str | None) -> Match:
        text = (text or "").strip()
        every = self.hits(text)
        found = self._of_kind(every, kind)
        if found:
            return self._decide(text, found)
        if every:
            kinds = sorted({self.partners[i].kind for i in every})
            reason = f"“{text}” names a partner of another kind: {', '.join(kinds)}, not {kind}"
            return Match(text, UNKNOWN, reason=reason)
        name = key(text)
        if name in self.historic:
            return self._unknown(text, kind, HISTORIC, *self.historic[name][:2])
        if text and text == igo.squash(text):
            # COW's squashed state names ("soafrica", "nokorea"), by multilateral.igo's table.
            if text in igo.HISTORIC:
                return self._unknown(text, kind, HISTORIC, igo.HISTORIC[text], ())
            partner_id = self.countries.get(igo.iso_for(text) or "")
            found = self._of_kind({partner_id: COW}, kind) if partner_id else {}
            if found:
                return self._decide(text, found)
        if name in self.groups:
            return self._unknown(text, kind, "group of states", *self.groups[name])
        parenthesis = _PARENTHESIS.match(text)
        if parenthesis:
            return self._parts(text, parenthesis["head"], parenthesis["inner"], kind)
        reason = ""
        if name.endswith("members") or normalize(text).startswith("members of"):
            reason = "the states party to a treaty, not one partner"
        return Match(text, UNKNOWN, reason=reason)

    def _of_kind(self, found: dict, kind: str | None) -> dict:
        if not kind:
            return found
        return {i: how for i, how in found.items() if self.partners[i].kind == kind}

    def _decide(self, text: str, found: dict, *, partial: bool = False) -> Match:
        candidates = [self.candidate(i, how) for i, how in found.items()]
        candidates.sort(key=lambda c: c["name"])
        if len(found) == 1 and not partial:
            ((partner_id, how),) = found.items()
            return Match(text, MATCHED, partner_id, how, candidates)
        return Match(text, AMBIGUOUS, how=PART if partial else "", candidates=candidates)

    def _unknown(self, text, kind, how, reason, successors) -> Match:
        suggestions = []
        if kind in (None, COUNTRY):
            suggestions = [
                self.candidate(self.countries[code], "successor state")
                for code in successors
                if code in self.countries
            ]
        return Match(text, UNKNOWN, how=how, reason=reason, suggestions=suggestions)

    def _parts(self, text: str, head: str, inner: str, kind: str | None) -> Match:
        """ "EU (European Union)", "Channel Islands (Guernsey, Jersey)": each side read on
        its own. When every side is known and one partner fits them all ("AU (African
        Union)": Australia or the AU, and the AU), it is a match; anything less is for a
        person to confirm, with every partner a side names."""
        parts = [head, *self.split(inner)] if head.strip() else self.split(inner)
        matches = [self.match(part, kind) for part in parts]
        found: dict[int, str] = {}
        for part, match in zip(parts, matches, strict=True):
            for candidate in match.candidates:
                found.setdefault(candidate["id"], f"{candidate['how']} of “{part.strip()}”")
        if found:
            sides = [{c["id"]: c["how"] for c in m.candidates} for m in matches]
            common = set(sides[0]).intersection(*sides[1:])
            if len(common) == 1 and all(sides):
                (partner_id,) = common
                how = sides[0][partner_id]
                return Match(text, MATCHED, partner_id, how, [self.candidate(partner_id, how)])
            return self._decide(text, found, partial=True)
        for match in matches:
            if match.reason:
                return Match(
                    text, UNKNOWN, how=match.how, reason=match.reason, suggestions=match.suggestions
                )
        return Match(text, UNKNOWN)

    # Splitting --------------------------------------------------------------------------

    def split(self, text: str) -> list[str]:
        """The names in a cell that lists several, comma-joined although names hold commas:
        "Korea, Republic of, EFTA (European Free Trade Association), Hong Kong, China SAR"
        -> ["Korea, Republic of", "EFTA (European Free Trade Association)",
        "Hong Kong, China SAR"]. At each place the longest run of pieces that is a known name
        wins; a parenthesis is never split; otherwise each piece is a name. Semicolons and
        line breaks always separate."""
        names = []
        for chunk in _HARD_SEPARATORS.split(text or ""):
            atoms = _atoms(_SOFT_SEPARATOR.split(chunk))
            start = 0
            while start < len(atoms):
                end = min(len(atoms), start + _LONGEST_RUN)
                while end > start + 1 and comma_key(", ".join(atoms[start:end])) not in self.commas:
                    end -= 1
                names.append(", ".join(atoms[start:end]))
                start = end
        return names


def _atoms(pieces: list[str]) -> list[str]:
    """Comma-separated pieces, stripped, with a parenthesis kept in one piece:
    "ACP (African", "Caribbean and Pacific Group of States)" are one."""
    atoms: list[str] = []
    depth = 0
    for piece in pieces:
        piece = piece.strip()
        if depth > 0:
            atoms[-1] = f"{atoms[-1]}, {piece}"
        elif piece:
            atoms.append(piece)
        else:
            continue
        depth = max(0, depth + piece.count("(") - piece.count(")"))
    return atoms
