#include "service/JsonWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void parsesBackExactly_data();
    void parsesBackExactly();
};

void TestJsonWriter::parsesBackExactly_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QStringLiteral("kd_ABC");
    QTest::newRow("quotes and backslashes") << QStringLiteral("a\"b\\c\"}{");
    QTest::newRow("control characters") << QStringLiteral("line\nbreak\ttab\x01\x1f");
    QTest::newRow("unicode") << QStringLiteral("Überwachung ключ 鍵 \U0001F511");
    QTest::newRow("empty") << QString();
}

void TestJsonWriter::parsesBackExactly()
{
    QFETCH(QString, value);
    JsonWriter writer;
    const QByteArray json = writer.field("s", value).field("n", qint64(-1234567890123)).finish();
    QJsonParseError error{};
    const QJsonObject parsed = QJsonDocument::fromJson(json, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.value(QLatin1String("s")).toString(), value);
    QCOMPARE(parsed.value(QLatin1String("n")).toInteger(), qint64(-1234567890123));
    QCOMPARE(parsed.size(), 2);
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
