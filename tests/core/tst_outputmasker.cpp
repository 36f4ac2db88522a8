#include "core/OutputMasker.h"
#include "core/SecretReference.h"

#include <QTest>
#include <QUrl>

// The masking of keydesk-cli run's output, however the program's writes are cut into chunks; and the
// references that say which value a program gets.
class TestOutputMasker : public QObject
{
    Q_OBJECT

private slots:
    void everyCutGivesTheSameOutput_data();
    void everyCutGivesTheSameOutput();
    void textThatOnlyStartsLikeASecretIsKept();
    void nothingIsHeldBackWithoutReason();
    void theFormsProgramsPrintAreConcealed_data();
    void theFormsProgramsPrintAreConcealed();
    void piecesOfASecretAreConcealed();
    void references_data();
    void references();
};

namespace {

// Feeds `text` cut at `first` and `second` (three chunks), then finishes.
QByteArray masked(const QList<QByteArray>& secrets, const QByteArray& text, qsizetype first, qsizetype second)
{
    OutputMasker masker(secrets, "<x>");
    QByteArray out = masker.feed(text.left(first)); // (one statement each: the order matters)
    out += masker.feed(text.mid(first, second - first));
    out += masker.feed(text.mid(second));
    out += masker.finish();
    return out;
}

} // namespace

void TestOutputMasker::everyCutGivesTheSameOutput_data()
{
    QTest::addColumn<QList<QByteArray>>("secrets");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("one secret") << QList<QByteArray>{"kds_abc123"} << QByteArray("key=kds_abc123 done\n")
                                << QByteArray("key=<x> done\n");
    QTest::newRow("twice, back to back")
        << QList<QByteArray>{"s3cr3t"} << QByteArray("s3cr3ts3cr3t") << QByteArray("<x><x>");
    QTest::newRow("one inside another") << QList<QByteArray>{"abc", "xxabcxx"}
                                        << QByteArray("1 xxabcxx 2 abc 3") << QByteArray("1 <x> 2 <x> 3");
    QTest::newRow("ends inside the longer one")
        << QList<QByteArray>{"abc", "xxabcxx"} << QByteArray("1 xxabcx") << QByteArray("1 xx<x>x");
    QTest::newRow("a near miss before")
        << QList<QByteArray>{"aab"} << QByteArray("aaab") << QByteArray("a<x>");
    QTest::newRow("a token and a secret")
        << QList<QByteArray>{"eyJ.a.b", "kds_1"} << QByteArray("Bearer eyJ.a.b / kds_1")
        << QByteArray("Bearer <x> / <x>");
    QTest::newRow("no secret") << QList<QByteArray>{"zzz"} << QByteArray("plain output")
                               << QByteArray("plain output");
}

void TestOutputMasker::everyCutGivesTheSameOutput()
{
    QFETCH(QList<QByteArray>, secrets);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);
    for (qsizetype first = 0; first <= text.size(); ++first) {
        for (qsizetype second = first; second <= text.size(); ++second)
            QCOMPARE(masked(secrets, text, first, second), expected);
    }
}

void TestOutputMasker::textThatOnlyStartsLikeASecretIsKept()
{
    OutputMasker masker({"kds_abc123"}, "<x>");
    QCOMPARE(masker.feed("prefix kds_ab"), QByteArray("prefix ")); // might be the secret: held back
    QCOMPARE(masker.feed("X"), QByteArray("kds_abX"));             // it was not
    QCOMPARE(masker.feed("end kds_"), QByteArray("end "));
    QCOMPARE(masker.finish(), QByteArray("kds_")); // the stream ended: nothing is lost
}

void TestOutputMasker::nothingIsHeldBackWithoutReason()
{
    OutputMasker masker({"secret"}, "<x>");
    QCOMPARE(masker.feed("a prompt> "), QByteArray("a prompt> ")); // an interactive program's output flows
}

namespace {

const QByteArray kSecret = "kds_Ab+/=%Zz0123456789abcdefghijklmnopqrstu"; // + / = % change when encoded
const QByteArray kUser = "kd_ABCDEFGHIJKLMNOPQRST";

QByteArray maskedForms(const QByteArray& text)
{
    OutputMasker masker(OutputMasker::printedForms(kSecret, kUser), "<x>");
    QByteArray out = masker.feed(text); // (one statement each: the order matters)
    out += masker.finish();
    return out;
}

} // namespace

void TestOutputMasker::theFormsProgramsPrintAreConcealed_data()
{
    using B = QByteArray::Base64Option;
    QTest::addColumn<QByteArray>("printed");
    QTest::newRow("as it is") << kSecret;
    QTest::newRow("base64") << kSecret.toBase64();
    QTest::newRow("base64url, unpadded") << kSecret.toBase64(B::Base64UrlEncoding | B::OmitTrailingEquals);
    QTest::newRow("percent-encoded") << QUrl::toPercentEncoding(kSecret);
    QTest::newRow("percent-encoded, lower case") << QUrl::toPercentEncoding(kSecret).toLower();
    QTest::newRow("hex") << kSecret.toHex();
    QTest::newRow("HEX") << kSecret.toHex().toUpper();
    QTest::newRow("curl -v -u id:secret")
        << QByteArray("> Authorization: Basic " + QByteArray(kUser + ':' + kSecret).toBase64());
    QTest::newRow("Basic as RFC 6749 asks (form-encoded first)") << QByteArray(
        "Authorization: Basic " + QByteArray(kUser + ':' + QUrl::toPercentEncoding(kSecret)).toBase64());
}

void TestOutputMasker::theFormsProgramsPrintAreConcealed()
{
    QFETCH(QByteArray, printed);
    const QByteArray out = maskedForms("before " + printed + " after\n");
    QVERIFY2(out.startsWith("before ") && out.endsWith(" after\n") && out.contains("<x>"), out.constData());
    QVERIFY2(!out.contains(printed.mid(printed.size() / 2, 8)), out.constData());
}

void TestOutputMasker::piecesOfASecretAreConcealed()
{
    // Cut short at the very end of the stream (held back, then it ended): still a secret.
    QCOMPARE(maskedForms("key=" + kSecret.chopped(1)), QByteArray("key=<x>"));
    // Half to stdout, half to stderr: each stream conceals its half.
    QCOMPARE(maskedForms(kSecret.left(22) + "\n"), QByteArray("<x>\n"));
    QCOMPARE(maskedForms(kSecret.mid(22) + "\n"), QByteArray("<x>\n"));
    // In the middle of other text, a piece of eight or more.
    QCOMPARE(maskedForms("a " + kSecret.mid(10, 12) + " b"), QByteArray("a <x> b"));
    // Shorter pieces are indistinguishable from chance: the public last four pass, as do ordinary words.
    QCOMPARE(maskedForms("last4 " + kSecret.right(4) + "\n"), "last4 " + kSecret.right(4) + "\n");
    QCOMPARE(maskedForms("kds_ and abcdefg\n"), QByteArray("kds_ and abcdefg\n"));
}

void TestOutputMasker::references_data()
{
    using P = SecretReference::Part;
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("connection");
    QTest::addColumn<QString>("credential");
    QTest::addColumn<int>("part");
    QTest::newRow("short") << "Deploy" << true << ""
                           << "Deploy" << int(P::Default);
    QTest::newRow("short :token") << "kd_ABC:token" << true << ""
                                  << "kd_ABC" << int(P::Token);
    QTest::newRow("short :secret") << "Deploy key:secret" << true << ""
                                   << "Deploy key" << int(P::Secret);
    QTest::newRow("short, other colon kept") << "a:b" << true << ""
                                             << "a:b" << int(P::Default);
    QTest::newRow("uri") << "keydesk://Local/Deploy" << true << "Local"
                         << "Deploy" << int(P::Default);
    QTest::newRow("uri /token") << "keydesk://Vendor%20sandbox/Partner%20API/token" << true
                                << "Vendor sandbox"
                                << "Partner API" << int(P::Token);
    QTest::newRow("uri, unknown part") << "keydesk://Local/Deploy/password" << false << ""
                                       << "" << 0;
    QTest::newRow("uri, no credential") << "keydesk://Local" << false << ""
                                        << "" << 0;
    QTest::newRow("uri, too deep") << "keydesk://a/b/secret/x" << false << ""
                                   << "" << 0;
    QTest::newRow("empty") << "" << false << ""
                           << "" << 0;
    QTest::newRow("only a part") << ":secret" << false << ""
                                 << "" << 0;
    QTest::newRow("uri, one slash") << "keydesk:/Local/Deploy" << false << ""
                                    << "" << 0; // a usage error, not "no credential named …"
    QTest::newRow("uri, no slashes") << "keydesk:Local/Deploy" << false << ""
                                     << "" << 0;
}

void TestOutputMasker::references()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, connection);
    QFETCH(QString, credential);
    QFETCH(int, part);
    const auto parsed = SecretReference::parseShort(text);
    QCOMPARE(parsed.ok(), ok);
    if (!ok)
        return;
    QCOMPARE(parsed.value().connection, connection);
    QCOMPARE(parsed.value().credential, credential);
    QCOMPARE(int(parsed.value().part), part);
}

QTEST_GUILESS_MAIN(TestOutputMasker)
#include "tst_outputmasker.moc"
