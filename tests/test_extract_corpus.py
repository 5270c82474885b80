"""A corpus of realistic articles in different house styles, with what a careful human would write down.

Each text is fictional but shaped like the real thing: wire copy with a dateline, court reporting with docket
numbers, a celebrity blog with embedded posts and hashtags, a long magazine piece full of titles, a press release,
a podcast transcript, a local story told in relative dates, and a sports-business piece full of places and teams.
People are asserted as exact sets (precision first); organisations and events as what must be there.
"""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, DateQualifier, EvidenceKind, PartyKind, PartyRole
from casefile.extract.pipeline import extract
from casefile.extract.types import Extraction

ON, AROUND, BEFORE, BETWEEN, SPAN = (
    DateQualifier.ON, DateQualifier.AROUND, DateQualifier.BEFORE, DateQualifier.BETWEEN, DateQualifier.SPAN
)  # fmt: skip
PLACES = {"Los Angeles", "New York", "Manhattan", "Pasadena", "San Francisco", "Montreal", "Ohio", "Fifth Avenue",
          "Birch Street", "City Hall", "Madison Square Garden", "Cedar Ridge", "Riverside", "Boston"}  # fmt: skip

AP = (
    'Former studio executive charged with embezzling $2.3 million from Halvorsen Pictures\n'
    'By MARIA DELGADO-RUIZ\n'
    'Associated Press\n'
    'LOS ANGELES (AP) — A former finance executive at Halvorsen Pictures was charged Tuesday with '
    'embezzling more than $2.3 million from the studio over four years, prosecutors said.\n'
    'Gregory Tate, 52, of Pasadena, was arrested at his home on Monday and appeared in Los Angeles '
    "Superior Court on Tuesday afternoon, according to the Los Angeles County District Attorney's "
    'Office. He pleaded not guilty.\n'
    'Prosecutors allege Tate diverted company funds to shell companies between March 2019 and June 2023. '
    'His attorney, Linda Okonkwo, said in an email that her client "looks forward to clearing his name."\n'
    'Halvorsen Pictures, which produced the 2021 thriller "Night Harbor," said in a statement that it '
    'had cooperated with investigators since discovering the irregularities in August 2023.\n'
    'Tate is due back in court on Nov. 18. If convicted, he faces up to 14 years in prison.\n'
    'The Los Angeles Lakers, who share a sponsor with the studio, were not involved, a team spokesperson '
    'said.'
)
COURT = (
    'Okafor v. Halvorsen Media Group: judge weighs motion to dismiss\n'
    'By Priya Natarajan | Court Watch | March 4, 2025\n'
    'NEW YORK — A federal judge in Manhattan heard arguments Monday on whether to toss Marguerite '
    "Okafor's defamation suit against Halvorsen Media Group LLC, the podcast network she says falsely "
    'accused her of fabricating a harassment complaint.\n'
    'The complaint, filed Jan. 6, 2025, in the U.S. District Court for the Southern District of New York '
    '(Case No. 1:25-cv-00131-LJL), alleges that "on or about November 12, 2024, Defendant published an '
    'episode" accusing Okafor of lying. It names the company\'s founder, Conrad Halvorsen, and host '
    'Jean-Luc Moreau as co-defendants.\n'
    'U.S. District Judge Rosalind Achterberg did not rule from the bench. She ordered both sides to '
    'submit supplemental briefs by March 21.\n'
    '"The statements were opinion, plainly labeled as such," Halvorsen\'s counsel, Daniel J. O\'Connor of '
    'Whitfield & Crane LLP, told the court.\n'
    'Okafor\'s lawyer, Zoë Castellanos-Reyes, countered that the episode "presented invented facts as '
    'reporting." Okafor, who did not attend the hearing, first raised the allegations in a letter to the '
    'network dated October 28, 2024.\n'
    'The Department of Justice is not a party to the case. A separate action, No. 24STCV08812, remains '
    'pending in Los Angeles Superior Court.'
)
TABLOID = (
    "OMG: Kiki Duarte Fires Back At Ex After Mother's Day Post 😱\n"
    'Posted by Tasha Bloom on May 13, 2024\n'
    "Y'all. The #KikiDuarte vs. #TreyMalone saga just got messier.\n"
    "Sunday was Mother's Day, and Trey posted a throwback pic of Kiki with their daughter, captioned "
    '"still the best mom I know." Cute, right? WRONG.\n'
    'Kiki clapped back within hours:\n'
    "Imagine posting me for likes when you haven't paid child support since January. Happy Mother's Day "
    'to every mom doing it alone. #NotTheOne\n'
    '— Kiki Duarte (@kikiduarte) May 12, 2024\n'
    "Trey wasn't having it:\n"
    "That's a lie and she knows it. My lawyers have the receipts. Leave our daughter out of this.\n"
    '— Trey Malone (@TreyMaloneMusic) May 12, 2024\n'
    'Fans flooded the comments. One wrote: "Trey, sir, delete your account."\n'
    "Sources close to the singer tell us Malone's team reached out to Kiki's manager, Dominique St. "
    'James, on Monday to "cool things down." Kiki\'s rep did not respond to our request for comment.\n'
    'Meanwhile, the pair\'s reality show "Love On Loud" returns to Bravo on June 3. Watch this space! 👀\n'
    '#KikiDuarte #TreyMalone #MothersDay #celebgossip'
)
MAGAZINE = (
    'The Long Unraveling of the Whitmore Institute\n'
    'How a celebrated research lab came apart — and who saw it coming\n'
    'By Eleanor Vance-Whitfield\n'
    'Dr. Amara Osei remembers the exact moment she knew something was wrong. It was a Thursday in '
    "October 2022, and the Whitmore Institute's board had just voted, without discussion, to approve a "
    '$40 million partnership with Corvane Therapeutics Inc.\n'
    '"Nobody asked a single question," Osei told me in her office at Columbia University. "Not one."\n'
    "Over the next eighteen months, the institute's founder, Prof. Harold Whitmore, would resign; its "
    'chief financial officer, Renée Lachance, would be placed on leave; and Sen. Marcus Delacroix of '
    'Ohio would call for a federal inquiry. The Supreme Court later declined to hear a related appeal.\n'
    'Whitmore, now 71, declined repeated requests for an interview. His lawyer, Thomas Brennan-Hale, '
    'said in a statement that his client "acted at all times in the best interests of the institute."\n'
    'The partnership unraveled in public on April 9, 2023, when The Wall Street Journal reported that '
    'Corvane had paid consulting fees to two board members. Within a week, Judge Patricia Nakamura of '
    'the Delaware Court of Chancery had frozen the deal.\n'
    'Lachance, reached by phone in Montreal, said she had warned the board in writing as early as '
    'February 2023. "I put it in an email," she said. "I have the email."\n'
    'Osei left the institute in the summer of 2023. She now runs a small lab on Fifth Avenue in New '
    'York, funded by the National Institutes of Health.'
)
RELEASE = (
    'FOR IMMEDIATE RELEASE\n'
    'Brightline Analytics Announces Settlement with Former Employees\n'
    'SAN FRANCISCO, Calif., June 17, 2024 /PRNewswire/ -- Brightline Analytics, Inc. (NASDAQ: BRTL), a '
    'provider of retail data software, today announced that it has reached a settlement resolving the '
    'wage-and-hour class action filed by former employees in 2022.\n'
    'Under the agreement, which was approved by the U.S. District Court for the Northern District of '
    'California on June 14, 2024, Brightline will pay $4.75 million into a settlement fund. The company '
    'admits no wrongdoing.\n'
    '"We are pleased to put this matter behind us and focus on our customers," said Kavita Raman, Chief '
    'Executive Officer of Brightline Analytics.\n'
    'Plaintiffs were represented by Goldfarb Ellis LLP. Lead counsel Marcus T. Ellison said the '
    'settlement "recognizes the hours our clients worked."\n'
    'A final approval hearing is scheduled for September 9, 2024.\n'
    'About Brightline Analytics\n'
    'Brightline Analytics, Inc. is headquartered in San Francisco. For more information, visit '
    'www.brightline.example.\n'
    'Media Contact:\n'
    'Jordan Pike\n'
    'press@brightline.example\n'
    '(415) 555-0142'
)
TRANSCRIPT = (
    'TRANSCRIPT: "The Docket" podcast, episode 212\n'
    'HOST (DANA WHITCOMBE): Welcome back. My guest today is attorney Felipe Araújo, who represented the '
    'families in the Cedar Ridge water case. Felipe, thanks for coming on.\n'
    'FELIPE ARAÚJO: Thanks for having me, Dana.\n'
    'WHITCOMBE: Take us back. When did you first hear about the contamination?\n'
    "ARAÚJO: It was March 3, 2021. A nurse named Grace O'Neill called my office. She said three kids on "
    'Birch Street had the same rash.\n'
    "WHITCOMBE: And the city's response?\n"
    'ARAÚJO: Mayor Tom Kessler said on local TV that the water was safe. That was on March 10. We filed '
    'suit against the Cedar Ridge Water Authority six weeks later, on April 21, 2021.\n'
    'WHITCOMBE: When did it settle?\n'
    'ARAÚJO: The families settled with the water authority in November 2023 for $18 million. Judge Helen '
    'Marsh approved the settlement on December 1, 2023.'
)
RELATIVE = (
    'Council member accused of threatening reporter\n'
    'By Sam Okafor-Lee\n'
    'Published Thursday, Sept. 12, 2024\n'
    'Riverside City Council member Denise Harlow was accused last Tuesday of threatening a reporter from '
    'the Riverside Courier outside City Hall, according to a police report obtained by the newspaper.\n'
    "Earlier this month, Harlow had criticized the paper's coverage of a zoning vote. On Friday, the "
    'reporter, Miguel Ángel Ortega, filed a complaint with the Riverside Police Department.\n'
    'Harlow said yesterday that she "never threatened anyone." Her spokesperson, Bettina Kohl, added '
    'that the council member would cooperate with any inquiry.\n'
    'Police Chief Anthony Russo said the department received the report two weeks ago and was reviewing '
    'video footage. Harlow is expected to address the council next week.\n'
    "Monday's meeting was adjourned early after protesters interrupted."
)
REUTERS = (
    'Team doctor sues Boston Celtics over dismissal\n'
    'By Aiko Tanaka\n'
    'NEW YORK, Feb 27 (Reuters) - A former team physician for the Boston Celtics filed a wrongful '
    'termination lawsuit against the club on Wednesday in New York State Supreme Court, saying he was '
    'fired after raising concerns about player safety.\n'
    'Dr. Samuel Adeyemi, who worked for the team from 2015 to 2023, said in the complaint that general '
    'manager Brad Kessler ignored his warnings before a game against the New York Knicks at Madison '
    'Square Garden on Jan. 4, 2023.\n'
    'The Celtics did not immediately respond to a request for comment. The NBA declined to comment.\n'
    'Adeyemi is seeking unspecified damages. His lawyer, Rachel Goldberg-Stein of Nixon Peabody LLP, '
    'said the team "put wins ahead of health."\n'
    "(Reporting by Aiko Tanaka; Editing by Rosalba O'Brien)"
)


def _d(y: int, m: int | None = None, d: int | None = None) -> CaseDate:
    if d:
        return CaseDate(y, m, d)
    return CaseDate(y, m, precision=DatePrecision.MONTH) if m else CaseDate(y, precision=DatePrecision.YEAR)


# name -> (text, published given by the importer, kind, expected header, people, organisations, outlets, events)
# events: (start, qualifier, end or None, words the title must hold)
CORPUS = {
    "ap": (AP, _d(2024, 10, 22), EvidenceKind.ARTICLE,
           ("Former studio executive charged with embezzling $2.3 million from Halvorsen Pictures",
            "Maria Delgado-Ruiz", None),
           {"Gregory Tate", "Linda Okonkwo"},
           {"Halvorsen Pictures", "Los Angeles Superior Court", "Los Angeles County District Attorney's Office",
            "Los Angeles Lakers"},
           set(),
           [(_d(2024, 10, 22), ON, None, "executive at Halvorsen Pictures was charged"),
            (_d(2024, 10, 21), ON, None, "Gregory Tate was arrested at his home"),
            (_d(2019, 3), BETWEEN, _d(2023, 6), "Tate diverted company funds"),
            (_d(2023, 8), ON, None, "Halvorsen Pictures said it had cooperated with investigators"),
            (_d(2024, 11, 18), ON, None, "Tate is due back in court")]),
    "court": (COURT, None, EvidenceKind.ARTICLE,
              ("Okafor v. Halvorsen Media Group: judge weighs motion to dismiss", "Priya Natarajan",
               _d(2025, 3, 4)),
              {"Marguerite Okafor", "Conrad Halvorsen", "Jean-Luc Moreau", "Rosalind Achterberg",
               "Daniel J. O'Connor", "Zoë Castellanos-Reyes"},
              {"Halvorsen Media Group LLC", "U.S. District Court for the Southern District of New York",
               "Whitfield & Crane LLP", "Department of Justice", "Los Angeles Superior Court"},
              set(),
              [(_d(2025, 3, 3), ON, None, "federal judge in Manhattan heard arguments"),
               (_d(2025, 1, 6), ON, None, "Complaint filed in the U.S. District Court"),
               (_d(2025, 3, 21), BEFORE, None, "submit supplemental briefs"),
               (_d(2024, 10, 28), ON, None, "Okafor first raised the allegations in a letter")]),
    "tabloid": (TABLOID, None, EvidenceKind.ARTICLE,
                ("OMG: Kiki Duarte Fires Back At Ex After Mother's Day Post 😱", "Tasha Bloom", _d(2024, 5, 13)),
                {"Kiki Duarte", "Trey Malone", "Dominique St. James"},
                set(),
                set(),
                [(_d(2024, 5, 12), ON, None, "Trey posted a throwback pic of Kiki"),
                 (_d(2024, 5, 12), ON, None, "Kiki Duarte posts: Imagine posting me"),
                 (_d(2024, 5, 12), ON, None, "Trey Malone posts: That's a lie"),
                 (_d(2024, 5, 13), ON, None, "Malone's team reached out to Kiki's manager"),
                 (_d(2024, 6, 3), ON, None, "Love On Loud returns to Bravo")]),
    "magazine": (MAGAZINE, None, EvidenceKind.ARTICLE,
                 ("The Long Unraveling of the Whitmore Institute", "Eleanor Vance-Whitfield", None),
                 {"Amara Osei", "Harold Whitmore", "Renée Lachance", "Marcus Delacroix", "Thomas Brennan-Hale",
                  "Patricia Nakamura"},
                 {"Whitmore Institute", "Corvane Therapeutics Inc.", "Columbia University", "Supreme Court",
                  "Delaware Court of Chancery", "National Institutes of Health"},
                 {"The Wall Street Journal"},
                 [(_d(2022, 10), ON, None, "board had just voted to approve a $40 million"),
                  (_d(2023, 4, 9), ON, None, "The partnership unraveled in public"),
                  (_d(2023, 2), ON, None, "Lachance said she had warned the board in writing"),
                  (_d(2023), ON, None, "Osei left the institute")]),
    "release": (RELEASE, None, EvidenceKind.ARTICLE,
                ("Brightline Analytics Announces Settlement with Former Employees", "", _d(2024, 6, 17)),
                {"Kavita Raman", "Marcus T. Ellison"},  # the media contact after "Media Contact:" is no party
                {"Brightline Analytics", "U.S. District Court for the Northern District of California",
                 "Goldfarb Ellis LLP"},
                set(),
                [(_d(2024, 6, 17), ON, None, "Brightline Analytics Inc. announced"),
                 (_d(2024, 6, 14), ON, None, "approved by the U.S. District Court"),
                 (_d(2024, 9, 9), ON, None, "A final approval hearing is scheduled")]),
    "transcript": (TRANSCRIPT, None, EvidenceKind.TRANSCRIPT,
                   ("", "", None),
                   {"Dana Whitcombe", "Felipe Araújo", "Grace O'Neill", "Tom Kessler", "Helen Marsh"},
                   {"Cedar Ridge Water Authority"},
                   set(),
                   [(_d(2021, 3, 3), ON, None, "A nurse named Grace O'Neill called my office"),
                    (_d(2021, 4, 21), ON, None, "We filed suit against the Cedar Ridge Water Authority"),
                    (_d(2023, 11), ON, None, "The families settled with the water authority for $18 million"),
                    (_d(2023, 12, 1), ON, None, "Judge Helen Marsh approved the settlement")]),
    "relative": (RELATIVE, None, EvidenceKind.ARTICLE,
                 ("Council member accused of threatening reporter", "Sam Okafor-Lee", _d(2024, 9, 12)),
                 {"Denise Harlow", "Miguel Ángel Ortega", "Bettina Kohl", "Anthony Russo"},
                 {"Riverside City Council", "Riverside Police Department"},
                 {"Riverside Courier"},
                 [(_d(2024, 9, 10), ON, None, "Denise Harlow was accused of threatening"),
                  (_d(2024, 9), ON, None, "Harlow had criticized the paper's coverage"),
                  (_d(2024, 9, 6), ON, None, "Miguel Ángel Ortega filed a complaint"),
                  (_d(2024, 9, 11), ON, None, "Harlow said she never threatened anyone"),
                  (_d(2024, 8, 29), AROUND, None, "the department received the report"),
                  (_d(2024, 9, 9), ON, None, "Monday's meeting was adjourned early")]),
    "reuters": (REUTERS, _d(2025, 2, 27), EvidenceKind.ARTICLE,
                ("Team doctor sues Boston Celtics over dismissal", "Aiko Tanaka", None),
                {"Samuel Adeyemi", "Brad Kessler", "Rachel Goldberg-Stein"},  # not the credited editor
                {"Boston Celtics", "New York Knicks", "New York State Supreme Court", "NBA", "Nixon Peabody LLP"},
                set(),
                [(_d(2025, 2, 26), ON, None, "team physician for the Boston Celtics filed a wrongful termination"),
                 (_d(2023, 1, 4), ON, None, "Brad Kessler ignored")]),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(CORPUS))
def article(request: pytest.FixtureRequest) -> tuple[str, tuple, Extraction]:
    text, published, kind, *_ = CORPUS[request.param]
    return request.param, CORPUS[request.param], extract(text, published=published, kind=kind)


def _kinds(x: Extraction, kind: PartyKind) -> set[str]:
    return {p.name for p in x.parties if p.kind is kind}


def test_headline_byline_and_dateline(article) -> None:
    _name, (_text, _published, _kind, (title, author, published), *_), x = article
    assert (x.title, x.author, x.published) == (title, author, published)


def test_people_exactly(article) -> None:
    _name, (_t, _p, _k, _h, people, *_), x = article
    assert _kinds(x, PartyKind.PERSON) == people


def test_organisations_and_outlets(article) -> None:
    _name, (_t, _p, _k, _h, _people, orgs, outlets, _e), x = article
    assert orgs <= _kinds(x, PartyKind.ORGANIZATION)
    assert outlets <= _kinds(x, PartyKind.MEDIA_OUTLET)
    names = {p.name for p in x.parties} | {a for p in x.parties for a in p.aliases}
    assert not names & PLACES
    assert not any(p.kind is PartyKind.PERSON and p.name in orgs for p in x.parties)


def test_events_dates_and_titles(article) -> None:
    _name, (text, *_rest, events), x = article
    found = [(e.date.start, e.date.qualifier, e.date.end, e.title) for e in x.events]
    assert len(found) == len(events), found
    for start, qualifier, end, words in events:
        assert any(
            (s.year, s.month, s.day, s.precision) == (start.year, start.month, start.day, start.precision)
            and q is qualifier and (end is None) == (e is None) and words in t
            for s, q, e, t in found
        ), (start, words, found)
    for e in x.events:
        assert text[e.char_start : e.char_end] == e.quote
        assert len(e.title) <= 95 and not e.title.endswith((" of", " the", " a", ",")) and ", ," not in e.title


def test_roles_in_the_court_piece() -> None:
    x = extract(COURT)
    parties = {p.name: p for p in x.parties}
    assert parties["Rosalind Achterberg"].description == "judge"
    assert parties["Daniel J. O'Connor"].role is PartyRole.COUNSEL
    assert parties["Zoë Castellanos-Reyes"].role is PartyRole.COUNSEL
    assert parties["Marguerite Okafor"].role is PartyRole.PLAINTIFF
    assert parties["Halvorsen Media Group LLC"].role is PartyRole.DEFENDANT
    assert parties["Halvorsen Media Group LLC"].aliases == ["Halvorsen Media Group"]


def test_courts_are_never_sued() -> None:
    x = extract(REUTERS, published=CaseDate(2025, 2, 27))
    court = next(p for p in x.parties if p.name == "New York State Supreme Court")
    assert court.role is PartyRole.OTHER


def test_post_authors_named_in_the_text_are_people() -> None:
    x = extract(TABLOID)
    kiki = next(p for p in x.parties if p.name == "Kiki Duarte")
    assert kiki.aliases == ["@kikiduarte", "Kiki"]
    assert "#KikiDuarte" in [m.text for m in kiki.mentions]
    assert kiki.role is PartyRole.OTHER  # "#KikiDuarte vs. #TreyMalone" is a feud, not a case
    assert [p.author for p in x.posts] == ["Kiki Duarte", "Trey Malone"]
