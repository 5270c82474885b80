"""Recognising a screenshot of a post from OCR output: the pages below are real tesserocr output of screenshots
drawn by tests/test_post_screenshot_drawing.py (recorded once, noise and all: badges read as `@`, avatars as
`J)`, `·` as `-`, icons as `O`), so these tests run without Tesseract."""

from __future__ import annotations

import pytest

from casefile.domain.dates import CaseDate
from casefile.domain.enums import DatePrecision, EvidenceKind
from casefile.importers.post_screenshot import post_from_screenshot
from casefile.ocr.types import OcrLine, OcrPage, OcrWord


def _page(width: int, height: int, rows: list[list[tuple[str, int, int, int, int, int]]]) -> OcrPage:
    lines = [OcrLine(tuple(OcrWord(t, x, y, w, h, float(c)) for t, x, y, w, h, c in row)) for row in rows if row]
    return OcrPage(width, height, lines, "tesseract 5.5.4 (eng)")


def _typed(*rows: str) -> OcrPage:
    """A page from lines of text (clean OCR), for layouts the recordings do not cover."""
    lines = []
    for y, row in enumerate(rows):
        x, words = 10, []
        for word in row.split():
            words.append(OcrWord(word, x, 20 + 30 * y, 9 * len(word), 16, 95.0))
            x += 9 * len(word) + 8
        lines.append(OcrLine(tuple(words)))
    return OcrPage(600, 30 * len(rows) + 40, lines)


X_DESKTOP_DARK = _page(600, 360, [
        [('Maria', 69, 19, 46, 11, 97), ('Lindqvist', 122, 17, 98, 18, 93), ('@', 210, 14, 12, 23, 82), ('Follow', 478, 14, 68, 37, 0), (')', 555, 14, 6, 37, 32), ('we', 573, 28, 12, 2, 14)],
        [('@mlindqvist_news', 69, 40, 138, 15, 88)],
        [('The', 16, 79, 31, 13, 97), ('hearing', 54, 79, 62, 17, 96), ('in', 124, 79, 13, 13, 95), ('Okafor', 145, 79, 56, 13, 93), ('v.', 206, 83, 13, 9, 93), ('Halvorsen', 227, 79, 83, 13, 96), ('is', 318, 79, 12, 13, 96), ('set', 337, 80, 24, 12, 96), ('for', 367, 79, 24, 13, 96), ('April', 396, 79, 37, 17, 96), ('14,', 442, 80, 24, 14, 97), ('2025', 474, 80, 40, 12, 97), ('at', 522, 80, 16, 12, 96), ('the', 544, 79, 27, 13, 96)],
        [('county', 17, 104, 56, 16, 96), ('court.', 80, 104, 48, 12, 96), ('Both', 135, 103, 37, 13, 96), ('sides', 180, 103, 42, 13, 96), ('have', 229, 103, 41, 13, 97), ('filed', 276, 103, 34, 13, 97), ('their', 318, 103, 39, 13, 97), ('witness', 363, 103, 63, 13, 96), ('lists.', 433, 103, 37, 13, 95)],
        [('Translate', 16, 134, 63, 11, 95), ('post', 85, 135, 29, 12, 96)],
        [('10:42', 18, 165, 40, 11, 96), ('AM', 64, 165, 21, 11, 90), ('-', 93, 170, 2, 2, 79), ('Mar', 103, 165, 27, 11, 97), ('3,', 137, 165, 10, 12, 96), ('2025', 155, 165, 35, 11, 93), ('-', 198, 170, 2, 2, 36), ('12.4K', 208, 165, 41, 11, 36), ('Views', 254, 165, 43, 11, 96)],
        [('1.2K', 17, 209, 38, 11, 93), ('Reposts', 60, 209, 57, 13, 89), ('85', 137, 209, 18, 11, 46), ('Quotes', 162, 209, 52, 13, 46), ('5,310Likes', 233, 209, 88, 13, 89), ('97', 339, 209, 19, 11, 96), ('Bookmarks', 365, 209, 82, 11, 96)],
        [('O', 26, 250, 23, 21, 86), ('O', 139, 250, 23, 21, 86), ('O', 252, 250, 23, 21, 86), ('O', 365, 250, 23, 21, 86), ('O', 478, 250, 23, 21, 86)],
        [('J)', 16, 302, 43, 45, 0), ('Post', 70, 318, 33, 12, 97), ('your', 110, 321, 37, 13, 97), ('reply', 154, 317, 40, 17, 96)],
    ])

X_PHONE_DAY_FIRST = _page(780, 768, [
        [('Harbour', 138, 37, 137, 23, 96), ('Gazette', 286, 38, 129, 22, 92), ('@', 424, 34, 35, 35, 91)],
        [('@HarbourGazette', 138, 79, 266, 28, 92)],
        [('BREAKING:', 35, 159, 180, 25, 97), ('Judge', 228, 158, 96, 33, 96), ('sets', 338, 160, 67, 24, 96), ('trial', 418, 158, 63, 26, 95), ('date', 497, 158, 73, 26, 96), ('in', 585, 158, 26, 26, 97), ('Okafor', 626, 158, 112, 26, 97)],
        [('v.', 33, 213, 23, 19, 91), ('Halvorsen', 74, 206, 166, 26, 96), ('for', 253, 206, 43, 26, 97), ('June', 311, 207, 71, 32, 95), ('2,', 397, 207, 27, 29, 96), ('2025.', 441, 207, 91, 25, 97), ('Full', 550, 206, 51, 26, 96), ('story', 617, 208, 83, 31, 97), ('at', 714, 208, 32, 24, 97)],
        [('the', 33, 254, 53, 26, 96), ('link.', 102, 254, 64, 26, 97)],
        [('Translate', 32, 317, 125, 21, 97), ('post', 171, 319, 57, 25, 96)],
        [('22:05', 34, 378, 81, 22, 90), ('-', 131, 388, 3, 4, 86), ('3', 149, 378, 14, 22, 95), ('Mar', 179, 378, 53, 22, 95), ('2025', 244, 378, 71, 22, 92), ('-', 331, 388, 3, 4, 49), ('98K', 349, 378, 55, 22, 96), ('Views', 414, 377, 85, 23, 97)],
        [('310', 34, 466, 59, 22, 87), ('Reposts', 107, 466, 114, 28, 87), ('1,024', 261, 466, 91, 26, 93), ('Likes', 365, 465, 71, 23, 95)],
        [('O', 52, 548, 23, 21, 85), ('O', 195, 548, 23, 21, 85), ('O', 338, 548, 23, 21, 85), ('O', 481, 548, 23, 21, 85), ('O', 624, 548, 23, 21, 85)],
        [('OO)', 30, 654, 85, 85, 42), ('Post', 139, 683, 67, 25, 97), ('your', 219, 689, 75, 26, 97), ('reply', 308, 682, 81, 33, 96)],
    ])

BLUESKY_LIGHT = _page(600, 268, [
        [('Daniel', 71, 21, 55, 12, 96), ('Okafor', 133, 21, 61, 12, 96)],
        [('Foll', 522, 29, 26, 11, 92)],
        [(')', 14, 14, 45, 47, 0), ('@dokafor.bsky.social', 71, 41, 153, 18, 91)],
        [('We', 16, 82, 27, 13, 97), ('filed', 50, 81, 37, 14, 96), ('our', 95, 85, 29, 10, 97), ('response', 131, 85, 79, 14, 95), ('today.', 217, 81, 53, 18, 95), ('The', 277, 81, 33, 14, 95), ('hearing', 317, 81, 67, 18, 97), ('is', 392, 81, 12, 14, 97), ('set', 412, 82, 26, 13, 97), ('for', 444, 81, 25, 14, 96), ('April', 475, 81, 39, 18, 96), ('14,', 524, 82, 24, 15, 97)],
        [('2025.', 17, 108, 49, 13, 97)],
        [('Mar', 17, 145, 27, 11, 97), ('3,', 50, 145, 12, 13, 97), ('2025', 69, 145, 36, 11, 97), ('at', 112, 146, 13, 10, 95), ('10:42', 133, 145, 40, 11, 97), ('AM', 179, 145, 21, 11, 97)],
        [('48', 16, 187, 21, 12, 94), ('reposts', 44, 188, 53, 13, 94), ('6', 117, 187, 9, 12, 0), ('quotes', 133, 188, 49, 13, 0), ('312', 202, 187, 31, 12, 83), ('likes', 240, 187, 32, 11, 83)],
        [('O', 26, 228, 23, 21, 85), ('O', 168, 228, 23, 21, 85), ('O', 310, 228, 23, 21, 85), ('O', 452, 228, 23, 21, 85)],
    ])

THREADS_DARK = _page(780, 508, [
        [('Thread', 310, 26, 124, 24, 97)],
        [('®', 28, 100, 73, 73, 11), ('harbour.gazette', 122, 118, 309, 32, 92), ('@', 408, 116, 18, 36, 89), ('03/03/25', 450, 122, 130, 25, 97)],
        [('Court', 29, 206, 81, 22, 97), ('confirms:', 121, 205, 135, 23, 96), ('the', 269, 205, 48, 23, 96), ('hearing', 330, 205, 109, 29, 96), ('in', 455, 205, 21, 23, 96), ('the', 489, 205, 48, 23, 97), ('Halvorsen', 551, 205, 144, 23, 97)],
        [('case', 29, 254, 67, 16, 97), ('is', 110, 247, 19, 23, 95), ('set', 141, 249, 44, 21, 96), ('for', 195, 247, 41, 23, 96), ('April', 246, 247, 65, 29, 96), ('14,', 327, 248, 42, 25, 97), ('2025.', 383, 248, 81, 22, 97)],
        [('O1.1K', 28, 312, 88, 25, 61), ('O73', 188, 312, 61, 25, 78), ('Oao', 348, 312, 62, 25, 56), ('O', 508, 312, 23, 21, 76)],
        [('Replies', 30, 433, 120, 29, 97), ('View', 561, 433, 59, 20, 97), ('activity', 632, 433, 92, 24, 96), ('>', 737, 438, 16, 13, 97)],
    ])

INSTAGRAM_LIGHT = _page(780, 1260, [
        [('©)', 24, 18, 67, 69, 73), ('okafor.family', 109, 20, 205, 38, 92), ('@', 331, 26, 18, 27, 87)],
        [('Original', 109, 64, 91, 24, 96), ('audio', 211, 64, 64, 19, 97)],
        [('O', 23, 903, 24, 22, 88), ('O', 103, 903, 24, 22, 87), ('O', 183, 903, 24, 22, 90)],
        [('2,417', 26, 977, 84, 25, 96), ('likes', 124, 976, 69, 22, 97)],
        [('okafor.family', 25, 1020, 205, 28, 92), ('Thank', 238, 1020, 87, 22, 97), ('you', 334, 1026, 49, 22, 96), ('all', 395, 1020, 29, 22, 96), ('for', 436, 1020, 39, 22, 96), ('the', 483, 1020, 45, 22, 97), ('support.', 539, 1022, 113, 26, 96), ('The', 662, 1020, 52, 22, 96)],
        [('hearing', 26, 1060, 102, 28, 95), ('is', 142, 1060, 19, 22, 96), ('set', 172, 1062, 42, 20, 97), ('for', 223, 1060, 39, 22, 97), ('April', 270, 1060, 62, 28, 97), ('14,', 345, 1061, 40, 25, 96), ('2025', 398, 1061, 68, 21, 96), ('and', 478, 1060, 49, 22, 96), ('we', 539, 1066, 38, 16, 95), ('will', 588, 1060, 43, 22, 95), ('be', 645, 1060, 31, 22, 97)],
        [('there.', 24, 1100, 80, 22, 97)],
        [('View', 24, 1149, 66, 21, 96), ('all', 100, 1149, 29, 21, 97), ('96', 142, 1150, 33, 20, 94), ('comments', 187, 1151, 145, 19, 96)],
        [('March', 26, 1193, 69, 18, 97), ('3', 106, 1193, 12, 18, 97)],
    ])

FACEBOOK_LIGHT = _page(680, 210, [
        [('Portsmouth', 67, 20, 98, 11, 96), ('Harbour', 171, 20, 68, 11, 96), ('Gazette', 245, 20, 65, 11, 96)],
        [('March', 67, 40, 37, 11, 96), ('3', 111, 42, 6, 9, 96), ('at', 123, 42, 12, 9, 96), ('10:42', 140, 42, 36, 9, 92), ('AM-O', 181, 40, 45, 13, 84)],
        [('UPDATE:', 17, 75, 61, 11, 96), ('The', 85, 75, 27, 11, 96), ('hearing', 119, 75, 54, 14, 96), ('in', 181, 75, 11, 11, 96), ('Okafor', 198, 75, 50, 11, 93), ('v.', 253, 78, 11, 8, 92), ('Halvorsen', 271, 75, 73, 11, 96), ('Media', 351, 75, 43, 11, 97), ('Group', 400, 75, 45, 14, 96), ('is', 451, 75, 11, 11, 95), ('set', 468, 76, 21, 10, 97), ('for', 495, 75, 20, 11, 97), ('April', 520, 75, 33, 14, 96), ('14,', 560, 75, 21, 13, 96), ('2025,', 589, 75, 40, 13, 97), ('the', 636, 75, 23, 11, 97)],
        [('court', 16, 98, 38, 10, 96), ('said', 61, 97, 28, 11, 96), ('on', 95, 100, 17, 8, 96), ('Monday.', 120, 97, 59, 14, 95)],
        [('@', 16, 130, 31, 19, 87), ('1.2K', 53, 134, 28, 9, 96), ('340', 492, 134, 23, 9, 95), ('comments', 521, 134, 67, 9, 91), ('56', 602, 134, 14, 9, 91), ('shares', 622, 132, 41, 11, 96)],
        [('(CD', 84, 170, 19, 19, 33), ('Like', 111, 172, 31, 11, 96), ('(', 300, 170, 19, 19, 80), ('comment', 327, 173, 74, 10, 85), ('(D', 516, 170, 19, 19, 4), ('Share', 543, 172, 44, 11, 96)],
    ])

TIKTOK_DARK = _page(780, 1560, [
        [('Following', 212, 37, 168, 32, 96), ('For', 418, 38, 57, 24, 93), ('You', 485, 38, 63, 24, 97)],
        [('lenapark.law', 26, 1125, 230, 32, 91)],
        [('Lena', 26, 1177, 59, 20, 96), ('Park', 97, 1176, 54, 21, 93), ('-', 161, 1185, 4, 4, 91), ('2025-3-3', 177, 1177, 115, 20, 92)],
        [('Explaining', 26, 1224, 141, 28, 96), ('the', 179, 1224, 44, 22, 96), ('Okafor', 235, 1224, 93, 22, 97), ('case:', 337, 1230, 69, 16, 96), ('the', 419, 1224, 44, 22, 97), ('hearing', 476, 1224, 102, 28, 97), ('is', 591, 1224, 19, 22, 96)],
        [('set', 25, 1266, 42, 20, 95), ('for', 76, 1264, 39, 22, 95), ('April', 123, 1264, 61, 28, 96), ('14,', 198, 1265, 40, 25, 97), ('2025', 250, 1265, 69, 21, 93), ('#law', 331, 1264, 69, 22, 92), ('#fyp', 411, 1264, 64, 28, 92)],
        [('J)', 28, 1318, 15, 22, 86), ('original', 57, 1316, 94, 26, 96), ('sound', 162, 1316, 75, 21, 93), ('-', 248, 1328, 8, 3, 93), ('Lena', 268, 1317, 58, 20, 96), ('Park', 339, 1316, 54, 21, 96)],
    ])

LETTER = _page(800, 700, [
        [('Halvorsen', 61, 43, 78, 12, 93), ('&', 147, 43, 10, 12, 93), ('Berg', 164, 43, 35, 15, 97), ('LLP', 207, 43, 25, 12, 96)],
        [('14', 62, 69, 17, 12, 97), ('Quay', 86, 69, 41, 15, 97), ('Street,', 134, 69, 51, 14, 97), ('Portsmouth', 192, 69, 90, 12, 96)],
        [('March', 61, 121, 47, 12, 96), ('3,', 115, 121, 13, 14, 96), ('2025', 135, 121, 39, 12, 96)],
        [('Dear', 61, 173, 37, 12, 97), ('Ms.', 105, 173, 24, 12, 96), ('Okafor,', 137, 173, 56, 14, 97)],
        [('We', 60, 225, 24, 12, 96), ('write', 90, 225, 39, 12, 96), ('regarding', 136, 225, 75, 15, 96), ('the', 218, 225, 25, 12, 97), ('hearing', 250, 225, 59, 15, 97), ('set', 316, 226, 23, 11, 97), ('for', 345, 225, 21, 12, 97), ('April', 372, 225, 35, 15, 96), ('14,', 415, 225, 23, 14, 97), ('2025', 445, 225, 39, 12, 97), ('before', 491, 225, 50, 12, 97)],
        [('the', 60, 251, 25, 12, 97), ('county', 92, 252, 54, 14, 96), ('court.', 152, 252, 44, 11, 96), ('Please', 204, 251, 50, 12, 96), ('send', 261, 251, 36, 12, 97), ('the', 303, 251, 26, 12, 96), ('documents', 336, 251, 87, 12, 96), ('listed', 430, 251, 41, 12, 96), ('below', 479, 251, 45, 12, 96), ('by', 531, 251, 18, 15, 97)],
        [('the', 60, 277, 25, 12, 96), ('end', 92, 277, 28, 12, 97), ('of', 128, 277, 14, 12, 97), ('the', 147, 277, 26, 12, 97), ('month.', 179, 277, 54, 12, 96)],
        [('1.', 62, 329, 11, 12, 97), ('The', 80, 329, 29, 12, 96), ('signed', 116, 329, 51, 15, 96), ('contract', 174, 330, 66, 11, 96), ('of', 246, 329, 15, 12, 96), ('June', 265, 329, 35, 15, 94), ('2023', 306, 329, 39, 12, 94)],
        [('2.', 61, 355, 12, 12, 97), ('All', 80, 355, 19, 12, 86), ('invoices', 106, 355, 63, 12, 86), ('issued', 177, 355, 49, 12, 96), ('since', 233, 355, 40, 12, 97), ('then', 279, 355, 35, 12, 97)],
        [('Yours', 60, 407, 41, 12, 96), ('sincerely,', 109, 407, 74, 15, 96)],
        [('Daniel', 61, 433, 49, 12, 96), ('Berg', 117, 433, 35, 15, 96)],
    ])

CHAT = _page(780, 1400, [
        [('Maria', 123, 42, 102, 26, 96), ('Lindqvist', 243, 42, 172, 33, 96)],
        [('online', 121, 81, 70, 18, 96)],
        [('Did', 43, 189, 44, 23, 96), ('you', 101, 196, 51, 22, 96), ('see', 166, 196, 50, 16, 96), ('the', 227, 189, 48, 23, 96), ('notice', 287, 189, 89, 23, 96), ('from', 387, 189, 68, 23, 96), ('the', 467, 189, 48, 23, 96), ('court?', 527, 190, 91, 22, 97)],
        [('10:41', 641, 217, 59, 16, 96), ('AM', 709, 217, 31, 16, 97)],
        [('Yes,', 153, 310, 55, 25, 96), ('the', 220, 309, 48, 23, 96), ('hearing', 281, 309, 110, 29, 96), ('is', 405, 309, 21, 23, 96), ('on', 438, 316, 33, 16, 95), ('April', 484, 309, 66, 29, 95), ('14', 565, 310, 33, 22, 97)],
        [('10:42', 622, 337, 58, 16, 96), ('AM', 690, 337, 31, 16, 96)],
        [("I'll", 43, 429, 27, 23, 77), ('bring', 85, 429, 73, 29, 96), ('the', 171, 429, 47, 23, 97), ('contract', 230, 431, 123, 21, 96), ('and', 366, 429, 51, 23, 97), ('the', 429, 429, 48, 23, 97), ('invoices', 491, 429, 118, 23, 96)],
        [('10:44', 632, 457, 59, 16, 96), ('AM', 700, 457, 31, 16, 97)],
        [('Great,', 293, 550, 90, 25, 96), ('see', 396, 556, 50, 16, 97), ('you', 458, 556, 51, 22, 96), ('there', 521, 549, 78, 23, 97)],
        [('10:45', 622, 577, 59, 16, 96), ('AM', 690, 577, 31, 16, 97)],
        [('Message', 43, 1327, 135, 29, 96)],
    ])


def _cited(page: OcrPage, item) -> str:  # noqa: ANN001 - ImportedItem
    start, end = item.span_in_parent
    return page.text[start:end]


@pytest.mark.parametrize(
    ("page", "platform", "author", "handle", "when", "words"),
    [
        (X_DESKTOP_DARK, "x", "Maria Lindqvist (@mlindqvist_news)", "@mlindqvist_news",
         CaseDate(2025, 3, 3, 10, 42, DatePrecision.MINUTE),
         "The hearing in Okafor v. Halvorsen is set for April 14, 2025 at the county court. Both sides have filed "
         "their witness lists."),
        (X_PHONE_DAY_FIRST, "x", "Harbour Gazette (@HarbourGazette)", "@HarbourGazette",
         CaseDate(2025, 3, 3, 22, 5, DatePrecision.MINUTE),
         "BREAKING: Judge sets trial date in Okafor v. Halvorsen for June 2, 2025. Full story at the link."),
        (BLUESKY_LIGHT, "bluesky", "Daniel Okafor (@dokafor.bsky.social)", "@dokafor.bsky.social",
         CaseDate(2025, 3, 3, 10, 42, DatePrecision.MINUTE),
         "We filed our response today. The hearing is set for April 14, 2025."),
        (THREADS_DARK, "threads", "@harbour.gazette", "@harbour.gazette", CaseDate(2025, 3, 3),
         "Court confirms: the hearing in the Halvorsen case is set for April 14, 2025."),
        (INSTAGRAM_LIGHT, "instagram", "@okafor.family", "@okafor.family", None,
         "Thank you all for the support. The hearing is set for April 14, 2025 and we will be there."),
        (FACEBOOK_LIGHT, "facebook", "Portsmouth Harbour Gazette", "", None,
         "UPDATE: The hearing in Okafor v. Halvorsen Media Group is set for April 14, 2025, the court said on "
         "Monday."),
        (TIKTOK_DARK, "tiktok", "Lena Park (@lenapark.law)", "@lenapark.law", CaseDate(2025, 3, 3),
         "Explaining the Okafor case: the hearing is set for April 14, 2025 #law #fyp"),
    ],
    ids=["x-desktop-dark", "x-phone-day-first", "bluesky", "threads-dark", "instagram", "facebook", "tiktok-dark"],
)
def test_a_recorded_screenshot_gives_the_post(page: OcrPage, platform: str, author: str, handle: str,
                                              when: CaseDate | None, words: str) -> None:
    item = post_from_screenshot(page)
    assert item is not None
    assert item.kind is EvidenceKind.SOCIAL_POST
    assert item.metadata["platform"] == platform
    assert item.author == author
    assert item.metadata["handle"] == handle
    assert item.published == when
    assert item.text == words
    # the span is the post's words in the page's text: the same characters, line wraps as they were read
    assert _cited(page, item).replace("\n", " ") == words
    assert len(_cited(page, item)) == len(item.text)


def test_counts_buttons_and_translate_are_not_the_posts_words() -> None:
    item = post_from_screenshot(X_DESKTOP_DARK)
    assert item is not None
    for chrome in ("Translate", "Reposts", "Views", "Follow", "reply", "12.4K"):
        assert chrome not in item.text


def test_a_stamp_without_a_year_is_kept_as_written_and_never_completed() -> None:
    facebook = post_from_screenshot(FACEBOOK_LIGHT)
    instagram = post_from_screenshot(INSTAGRAM_LIGHT)
    assert facebook is not None and instagram is not None
    assert facebook.published is None
    assert facebook.metadata["date_shown"] == "March 3 at 10:42 AM"
    assert instagram.published is None
    assert instagram.metadata["date_shown"] == "March 3"
    assert facebook.warnings == ["the post's date 'March 3 at 10:42 AM' shows no year; CaseFile does not guess it"]


def test_the_title_names_the_author_and_the_first_sentence() -> None:
    item = post_from_screenshot(BLUESKY_LIGHT)
    assert item is not None
    assert item.title == "Daniel Okafor: We filed our response today"


@pytest.mark.parametrize("page", [LETTER, CHAT, OcrPage(800, 600, [])], ids=["letter", "chat", "photo"])
def test_a_screenshot_that_is_not_a_post_gives_none(page: OcrPage) -> None:
    assert post_from_screenshot(page) is None


def test_a_timeline_row_with_the_stamp_beside_the_handle() -> None:
    """X's timeline: `Name @handle · Feb 10, 2020` on one line, OCR reading the underscore as a space."""
    page = _typed(
        "©) Harbour Gazette @ @harbour gazette - Feb 10, 2020 eee",
        "Council votes 7-2 to approve the harbour lease. Details to follow.",
        "© 1,533 Tl 26.6K © 197.8K ily",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.author == "Harbour Gazette (@harbour_gazette)"
    assert item.published == CaseDate(2020, 2, 10)
    assert item.text == "Council votes 7-2 to approve the harbour lease. Details to follow."


def test_a_relative_stamp_gives_no_date() -> None:
    page = _typed(
        "Harbour Gazette @HarbourGazette · 2h",
        "The council meets again tomorrow to vote on the lease.",
        "12 Reposts 40 Likes",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.published is None
    assert item.metadata["date_shown"] == "2h"


def test_a_quoted_post_is_not_part_of_the_quoting_posts_words() -> None:
    page = _typed(
        "Nate Harlow @",
        "@nharlow",
        "This is exactly what the lawsuit claims.",
        "& Court Watch @ @courtwatch - Feb 14, 2025",
        "Halvorsen Media Group denies every allegation in its filing.",
        "8:55 AM - Feb 14, 2025 - Twitter for Android",
        "148 Retweets 6Quote Tweets 894 Likes",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.author == "Nate Harlow (@nharlow)"
    assert item.text == "This is exactly what the lawsuit claims."


def test_a_reply_line_and_a_profile_header_are_skipped() -> None:
    page = _typed(
        "Court Watch",
        "@courtwatch.bsky.social",
        "120 followers 80 following 1,204 posts",
        "Posts Replies Media Likes Feeds",
        "Court Watch @courtwatch.bsky.social · 1h",
        "Replying to @harbourgazette",
        "Filed today: the motion to dismiss, 34 pages.",
        "Mar 3, 2025 at 4:17 PM",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.metadata["platform"] == "bluesky"
    assert item.text == "Filed today: the motion to dismiss, 34 pages."
    assert item.published == CaseDate(2025, 3, 3, 16, 17, DatePrecision.MINUTE)


@pytest.mark.parametrize(
    ("stamp_line", "when"),
    [
        ("March 3, 2024 at 9:05 PM", CaseDate(2024, 3, 3, 21, 5, DatePrecision.MINUTE)),
        ("3 March 2024 at 21:05", CaseDate(2024, 3, 3, 21, 5, DatePrecision.MINUTE)),
        ("Yesterday at 9:05 PM", None),
    ],
)
def test_facebook_stamps(stamp_line: str, when: CaseDate | None) -> None:
    page = _typed("Okafor Family Support Group", f"{stamp_line} · @", "Next meeting is on May 1, 2025.",
                  "12 comments 3 shares", "Like Comment Share")
    item = post_from_screenshot(page)
    assert item is not None
    assert item.author == "Okafor Family Support Group"
    assert item.published == when
    assert item.text == "Next meeting is on May 1, 2025."


def test_an_article_with_share_buttons_is_not_a_post() -> None:
    page = _typed(
        "HARBOUR GAZETTE",
        "Council approves harbour lease",
        "By Maria Lindqvist",
        "March 3, 2025",
        "The council voted 7-2 on Monday to approve the lease of the old harbour to Halvorsen Media Group.",
        "Share Comment",
    )
    assert post_from_screenshot(page) is None


def test_the_stamp_under_a_quoted_post_is_the_quoting_posts() -> None:
    page = _typed(
        "Nate Harlow @",
        "@nharlow",
        "This is exactly what the lawsuit claims.",
        "& Court Watch @ @courtwatch - Feb 14, 2025",
        "Halvorsen Media Group denies every allegation in its filing.",
        "8:55 AM - Feb 15, 2025 - Twitter for Android",
        "148 Retweets 6Quote Tweets 894 Likes",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.published == CaseDate(2025, 2, 15, 8, 55, DatePrecision.MINUTE)


def test_in_a_thread_the_next_posts_stamp_is_not_taken() -> None:
    page = _typed(
        "Court Watch @courtwatch - Jul 31",
        "The jury is out.",
        "© 232 tT) 517 QO) 1.7K",
        "Court Watch @courtwatch - Aug 2",
        "Verdict expected on Monday.",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.text == "The jury is out."
    assert item.metadata["date_shown"] == "Jul 31"


def test_words_in_another_size_are_a_picture_not_the_post() -> None:
    rows = [("Natalie @historyadjunct - 5h", 14), ("What is your energy going into 2025?", 14),
            ("Wow that sounds stressful.", 34), ("Have you ever tried it?", 34)]
    lines = []
    for y, (row, h) in enumerate(rows):
        words, x = [], 10
        for word in row.split():
            words.append(OcrWord(word, x, 20 + 50 * y, 8 * len(word), h, 95.0))
            x += 8 * len(word) + 8
        lines.append(OcrLine(tuple(words)))
    item = post_from_screenshot(OcrPage(700, 300, lines))
    assert item is not None
    assert item.text == "What is your energy going into 2025?"


def test_a_replying_to_line_never_names_the_author() -> None:
    page = _typed(
        "Replying to @J Schneider",
        "After three days of reflecting, I have some thoughts.",
        "© 351 tT) 1,632 © 8,932",
    )
    assert post_from_screenshot(page) is None


def test_old_twitter_buttons_read_with_icons_are_not_words() -> None:
    page = _typed(
        "=.) Justine Harlow a~ Follow",
        "@JustineHarlow",
        "Going to the hearing. Wish me luck.",
        "4 Reply tT Retweet Wr Favorite More",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.author == "Justine Harlow (@JustineHarlow)"
    assert item.text == "Going to the hearing. Wish me luck."


def test_an_instagram_username_without_dots_is_found_where_the_caption_repeats_it() -> None:
    page = _typed(
        "©) lenapark @",
        "Original audio",
        "O O O",
        "311 likes",
        "lenapark New video on the Okafor case is up. Link in bio.",
        "View all 12 comments",
        "March 3, 2024",
    )
    item = post_from_screenshot(page)
    assert item is not None
    assert item.metadata["platform"] == "instagram"
    assert item.author == "@lenapark"
    assert item.text == "New video on the Okafor case is up. Link in bio."
    assert item.published == CaseDate(2024, 3, 3)
