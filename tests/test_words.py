"""Counting words in every script: UAX #29 words, and word equivalents for scripts written
without spaces (Japanese, Chinese, Thai), so that a CJK note is timed by its characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.timing import estimate_slide_seconds
from talkgen.timing.estimate import seconds_for_words
from talkgen.words import count_words, word_equivalents

MULTILINGUAL = Path(__file__).parent / "multilingual"

# 250 characters of Japanese (kanji and kana, no punctuation).
JAPANESE_250 = (
    "日本の図書館員たちはツイッターで毎日のように質問をし合い答え合っていました正式な制度はありませんでしたが経験"
    "のある同僚が若い司書に助言を与え励まし仕事の相談にも乗っていました多くの参加者はそれが指導であったことに後"
    "になって気づいたと話しています会話はいつも短く気軽なものでしたが積み重なることで深い信頼関係が育ちました国や"
    "館種の違いを越えて互いに学び合う関係が生まれていたのですこうした関係は従来の指導の定義には収まりきらないかも"
    "しれませんそれでも参加者にとってはかけがえのない支えでした私たちはこの新しい形の指導をもっと理解する必要あり"
)[:250]
CHINESE_250 = ("我在推特上找到了我的导师她每天回答我的问题" * 12)[:250]


def test_the_samples_have_their_length() -> None:
    assert len(JAPANESE_250) == len(CHINESE_250) == 250


@pytest.mark.parametrize("text", [JAPANESE_250, CHINESE_250])
def test_a_cjk_note_of_250_characters_takes_40_to_70_seconds(text: str) -> None:
    seconds = seconds_for_words(word_equivalents(text), 130)
    assert 40 <= seconds <= 70, seconds


def test_the_rates_are_the_documented_ones() -> None:
    # Japanese: 300 characters a minute at 130 wpm; Chinese: 250 (talkgen/words.py).
    assert seconds_for_words(word_equivalents("あ" * 300), 130) == pytest.approx(60)
    assert seconds_for_words(word_equivalents("中" * 250), 130) == pytest.approx(60)
    # A slower speaker (pace 65) takes twice as long over the same characters.
    assert seconds_for_words(word_equivalents("中" * 250), 65) == pytest.approx(120)


def test_the_japanese_theme_slide_of_the_test_talk_is_timed_by_its_characters() -> None:
    plan = plan_talk(load_talk(MULTILINGUAL))
    slide = next(s for s in plan.slides if s.theme is not None and s.theme.id == "cjk")
    characters = sum(1 for c in slide.notes if not c.isspace() and c not in "、。")
    assert 250 <= characters <= 300
    seconds = estimate_slide_seconds(slide, plan.talk.info.pace)
    # 300 characters a minute: within a second of characters / 5.
    assert seconds == pytest.approx(characters / 5, abs=1)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don't stop: peer-mentoring works 3.5 times, 1,300 words.", 8),
        ("Ka nui te mihi ki ōku hoa mā te Twitter", 10),
        ("Tôi đã tìm được người cố vấn trên Twitter.", 9),
        ("트위터에서 멘토를 만났어요.", 3),
        ("ट्विटर पर मुझे एक अच्छा मार्गदर्शक मिला।", 7),
        ("وجدت مرشدًا على تويتر، وتعلمت منه الكثير.", 7),
        ("מצאתי מנטורית בטוויטר (ובזכותה קיבלתי עבודה)!", 6),
        ("Thank you 🙏🏽 my whole 👨‍👩‍👧 learned from you 🇳🇿", 7),
        ("ฉันพบที่ปรึกษาบนทวิตเตอร์", 5),  # 19 clusters / 4
    ],
)
def test_words_in_spaced_scripts_are_counted_by_uax29(text: str, words: int) -> None:
    assert count_words(text) == words


@given(st.text(max_size=60), st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True))
def test_one_more_latin_word_is_one_more_word(text: str, word: str) -> None:
    before = word_equivalents(text)
    assert before >= 0
    assert word_equivalents(f"{text} . {word}") == pytest.approx(before + 1)
