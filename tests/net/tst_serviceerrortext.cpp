#include "gui/AppTranslations.h"
#include "net/ReplyErrorMapper.h"
#include "net/ServiceErrorText.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

// Every error code a KeyDesk service can send reaches the reader in their own language, with what to do:
// docs/api.md's "Error codes" table lists them, the service's sources send no other, and the app and the
// CLI (through ReplyErrorMapper) say each in English and German without the service's own sentence.
class TestServiceErrorText : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void theTableListsEveryCodeTheServiceSends();
    void everyCodeIsSaidInTheReadersLanguage();
    void aWrongPersonalTokenSaysWhatToCheck();

private:
    static QString read(const QString& path);
    static QString said(const QString& code, int status, const QJsonObject& extra = {});

    QHash<QString, int> m_table; // code -> status, from docs/api.md
};

namespace {

const char* const kServiceSentence = "THE SERVICE'S OWN SENTENCE";

} // namespace

QString TestServiceErrorText::read(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString TestServiceErrorText::said(const QString& code, int status, const QJsonObject& extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("error"), code);
    body.insert(QStringLiteral("message"), QLatin1String(kServiceSentence));
    return ReplyErrorMapper::map(QNetworkReply::NoError, {}, status, QJsonDocument(body).toJson(), {},
                                 QUrl(QStringLiteral("http://127.0.0.1:9")))
        .message();
}

void TestServiceErrorText::initTestCase()
{
    const QString api = read(QStringLiteral(KEYDESK_SOURCE_DIR "/docs/api.md"));
    const QString section =
        api.section(QStringLiteral("## Error codes"), 1).section(QStringLiteral("\n## "), 0, 0);
    const QRegularExpression row(QStringLiteral("^\\| `([a-z_]+)` \\| (\\d)(\\d\\d|xx) \\|"),
                                 QRegularExpression::MultilineOption);
    for (auto it = row.globalMatch(section); it.hasNext();) {
        const auto m = it.next();
        const QString tens = m.captured(3) == QLatin1String("xx") ? QStringLiteral("00") : m.captured(3);
        m_table.insert(m.captured(1), QString(m.captured(2) + tens).toInt());
    }
    QVERIFY2(m_table.size() >= 30, "docs/api.md's Error codes table was not found");
}

void TestServiceErrorText::theTableListsEveryCodeTheServiceSends()
{
    // Where the service makes an error (ApiError{…}, ApiError::conflict("…"), api.code = "…", {status, "…"}),
    // every snake_case literal nearby is a code.
    const QRegularExpression made(QStringLiteral(
        "(ApiError(?:::\\w+)?\\s*[({]|api\\.code\\s*=|\\{\\s*(?:\\d{3}|status),)([^;]{0,160})"));
    const QRegularExpression literal(QStringLiteral("\"([a-z]+(?:_[a-z]+)*)\""));
    QSet<QString> sent;
    for (const char* folder : {"/src/server", "/src/service"}) {
        const QDir dir(QStringLiteral(KEYDESK_SOURCE_DIR) + QLatin1String(folder));
        for (const QString& file : dir.entryList({QStringLiteral("*.cpp"), QStringLiteral("*.h")})) {
            const QString text = read(dir.filePath(file));
            for (auto m = made.globalMatch(text); m.hasNext();) {
                const QString window = m.next().captured(2);
                for (auto l = literal.globalMatch(window); l.hasNext();)
                    sent.insert(l.next().captured(1));
            }
        }
    }
    QVERIFY2(sent.size() >= 30, qPrintable(QStringList(sent.values()).join(QLatin1Char(' '))));
    QStringList missing;
    for (const QString& code : sent) {
        if (!m_table.contains(code))
            missing << code;
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("sent but not in docs/api.md: ") + missing.join(QLatin1Char(' '))));
    // And the client knows exactly the documented codes.
    QStringList known = ServiceErrorText::knownCodes();
    QStringList documented = m_table.keys();
    known.sort();
    documented.sort();
    QCOMPARE(known, documented);
}

void TestServiceErrorText::everyCodeIsSaidInTheReadersLanguage()
{
    QHash<QString, QString> english;
    for (auto it = m_table.cbegin(); it != m_table.cend(); ++it) {
        const QString text = said(it.key(), it.value());
        QVERIFY2(!text.isEmpty() && !text.contains(QLatin1String(kServiceSentence)),
                 qPrintable(it.key() + QStringLiteral(": ") + text));
        english.insert(it.key(), text);
    }
    const AppTranslations german(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY(german.hasOwn());
    for (auto it = m_table.cbegin(); it != m_table.cend(); ++it) {
        const QString text = said(it.key(), it.value());
        QVERIFY2(text != english.value(it.key()),
                 qPrintable(it.key() + QStringLiteral(" is not translated: ") + text));
    }
}

void TestServiceErrorText::aWrongPersonalTokenSaysWhatToCheck()
{
    // What Connect to a Service showed: the service's advice to API clients, in English in the German UI.
    const QString text = said(QStringLiteral("unauthorized"), 401);
    QVERIFY2(text.startsWith(QStringLiteral("The service did not accept this token")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("Authorization: Bearer")));
    // A refusal by role names both roles.
    const QString role = said(QStringLiteral("forbidden"), 403,
                              {{QStringLiteral("required_role"), QStringLiteral("admin")},
                               {QStringLiteral("role"), QStringLiteral("support")}});
    QVERIFY2(role.contains(QStringLiteral("Admin")) && role.contains(QStringLiteral("Support")),
             qPrintable(role));
}

QTEST_MAIN(TestServiceErrorText)
#include "tst_serviceerrortext.moc"
