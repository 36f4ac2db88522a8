#include "core/KeyNameValidator.h"

#include <QTest>

using Problem = KeyNameValidator::Problem;
Q_DECLARE_METATYPE(KeyNameValidator::Problem)

class TestKeyNameValidator : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void everyFailureHasAMessage_data();
    void everyFailureHasAMessage();
    void decomposedAndComposedAreTheSameName();
};

void TestKeyNameValidator::validate_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<int>("position");

    QTest::newRow("simple") << QStringLiteral("ci") << Problem::None << -1;
    QTest::newRow("one letter") << QStringLiteral("k") << Problem::None << -1;
    QTest::newRow("all allowed kinds") << QStringLiteral("Prod key-2_v1.0 x") << Problem::None << -1;
    QTest::newRow("german umlaut first") << QStringLiteral("Überwachung") << Problem::None << -1;
    QTest::newRow("cyrillic") << QStringLiteral("ключ 1") << Problem::None << -1;
    QTest::newRow("cjk") << QStringLiteral("鍵テスト") << Problem::None << -1;
    QTest::newRow("arabic-indic digits") << QStringLiteral("a\u0661\u0662") << Problem::None << -1;
    QTest::newRow("astral letter first") << QStringLiteral("\U0001D400bc") << Problem::None << -1;
    QTest::newRow("exactly 64") << QString(64, QLatin1Char('a')) << Problem::None << -1;
    QTest::newRow("64 astral letters")
        << QString::fromUcs4(std::u32string(64, U'\U0001D400').c_str(), 64) << Problem::None << -1;

    QTest::newRow("empty") << QString() << Problem::Empty << -1;
    QTest::newRow("65") << QString(65, QLatin1Char('a')) << Problem::TooLong << 64;
    QTest::newRow("digit first") << QStringLiteral("1key") << Problem::FirstNotLetter << 0;
    QTest::newRow("underscore first") << QStringLiteral("_key") << Problem::FirstNotLetter << 0;
    QTest::newRow("dash first") << QStringLiteral("-key") << Problem::FirstNotLetter << 0;
    QTest::newRow("dot first") << QStringLiteral(".key") << Problem::FirstNotLetter << 0;
    QTest::newRow("space first") << QStringLiteral(" key") << Problem::FirstNotLetter << 0;
    QTest::newRow("emoji first") << QStringLiteral("\U0001F511key") << Problem::FirstNotLetter << 0;
    QTest::newRow("slash") << QStringLiteral("a/b") << Problem::InvalidCharacter << 1;
    QTest::newRow("quote (sql)") << QStringLiteral("a'; DROP TABLE keys;--") << Problem::InvalidCharacter
                                 << 1;
    QTest::newRow("tab") << QStringLiteral("a\tb") << Problem::InvalidCharacter << 1;
    QTest::newRow("newline") << QStringLiteral("ab\n") << Problem::InvalidCharacter << 2;
    QTest::newRow("nbsp") << QStringLiteral("a\u00A0b") << Problem::InvalidCharacter << 1;
    QTest::newRow("zero width space") << QStringLiteral("ab\u200Bc") << Problem::InvalidCharacter << 2;
    QTest::newRow("emoji inside") << QStringLiteral("key\U0001F511") << Problem::InvalidCharacter << 3;
    QTest::newRow("trailing space") << QStringLiteral("key ") << Problem::TrailingSpace << 3;
}

void TestKeyNameValidator::validate()
{
    QFETCH(QString, name);
    QFETCH(Problem, problem);
    QFETCH(int, position);
    const auto result = KeyNameValidator::validate(name);
    QCOMPARE(result.problem, problem);
    QCOMPARE(result.ok(), problem == Problem::None);
    if (problem != Problem::None)
        QCOMPARE(result.position, position);
    else
        QVERIFY(result.message.isEmpty());
}

void TestKeyNameValidator::everyFailureHasAMessage_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("mustMention");
    QTest::newRow("empty") << QString() << QStringLiteral("name");
    QTest::newRow("too long") << QString(70, QLatin1Char('a')) << QStringLiteral("70");
    QTest::newRow("digit first") << QStringLiteral("9lives") << QStringLiteral("\u201C9\u201D");
    QTest::newRow("bad char") << QStringLiteral("a@b") << QStringLiteral("\u201C@\u201D");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("tab");
    QTest::newRow("trailing") << QStringLiteral("a ") << QStringLiteral("space");
    // Only the code point is upper case, not the sentence ("AN INVISIBLE CHARACTER (U+001B)").
    QTest::newRow("escape") << QStringLiteral("a\x1b") << QStringLiteral("an invisible character (U+001B)");
    QTest::newRow("bidi override") << QStringLiteral("a\u202eb") << QStringLiteral("(U+202E)");
}

void TestKeyNameValidator::everyFailureHasAMessage()
{
    QFETCH(QString, name);
    QFETCH(QString, mustMention);
    const auto result = KeyNameValidator::validate(name);
    QVERIFY(!result.ok());
    QVERIFY2(result.message.contains(mustMention), qPrintable(result.message));
}

void TestKeyNameValidator::decomposedAndComposedAreTheSameName()
{
    const QString decomposed = QStringLiteral("U\u0308berwachung"); // U + combining diaeresis
    QVERIFY(KeyNameValidator::validate(decomposed).ok());
    QCOMPARE(KeyNameValidator::normalized(decomposed), QStringLiteral("Überwachung"));
    // 64 letters that each decompose into two code points are still 64 characters.
    QString longDecomposed;
    for (int i = 0; i < 64; ++i)
        longDecomposed += QStringLiteral("a\u0301");
    QVERIFY(KeyNameValidator::validate(longDecomposed).ok());
}

QTEST_GUILESS_MAIN(TestKeyNameValidator)
#include "tst_keynamevalidator.moc"
