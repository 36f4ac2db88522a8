#include "HttpExchange.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

namespace {

thread_local QString t_keyId;

QString formDecode(QByteArray text)
{
    text.replace('+', ' ');
    return QUrl::fromPercentEncoding(text);
}

} // namespace

namespace HttpExchange {

void sendJson(HttpResponse& res, int status, const QJsonObject& body)
{
    res.status = status;
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    res.setContent(json.constData(), size_t(json.size()), "application/json");
}

void sendError(HttpResponse& res, const ApiError& error, bool oauth)
{
    QJsonObject body{{QStringLiteral("error"), QString::fromLatin1(error.code)},
                     {QStringLiteral("message"), error.message}};
    if (oauth)
        body.insert(QStringLiteral("error_description"), error.message);
    for (auto it = error.extra.begin(); it != error.extra.end(); ++it)
        body.insert(it.key(), it.value());
    if (error.retryAfterSeconds > 0)
        res.setHeader("Retry-After", std::to_string(error.retryAfterSeconds));
    if (error.basicChallenge)
        res.setHeader("WWW-Authenticate", "Basic realm=\"keydesk\", charset=\"UTF-8\"");
    else if (error.bearerChallenge)
        res.setHeader("WWW-Authenticate", "Bearer realm=\"keydesk\"");
    sendJson(res, error.status, body);
}

std::optional<ApiError> stringField(const QJsonObject& body, const char* name, bool required, QString& out)
{
    const QJsonValue v = body.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return ApiError::unprocessable(
                "missing_field",
                QCoreApplication::translate("AdminRoutes", "The field \u201C%1\u201D is required.")
                    .arg(QLatin1String(name)));
        return std::nullopt;
    }
    if (!v.isString())
        return ApiError::unprocessable(
            "invalid_field",
            QCoreApplication::translate("AdminRoutes", "The field \u201C%1\u201D must be a string.")
                .arg(QLatin1String(name)));
    out = v.toString();
    return std::nullopt;
}

QString queryItem(const HttpRequest& req, const QString& name)
{
    return QUrlQuery(QString::fromStdString(req.query)).queryItemValue(name, QUrl::FullyDecoded);
}

void sendCreatedWithSecret(HttpResponse& res, QJsonObject body, const char* field, const SecretBytes& secret)
{
    QString text = secret.toUtf8String();
    body.insert(QLatin1String(field), text);
    SecretBytes::wipe(text);
    res.setHeader("Cache-Control", "no-store");
    sendJson(res, 201, body);
}

void sendNoContent(HttpResponse& res)
{
    res.status = 204;
}

QString header(const HttpRequest& req, const char* name)
{
    return QString::fromStdString(req.header(name));
}

QString mediaType(const HttpRequest& req)
{
    QString type = header(req, "Content-Type");
    const qsizetype semicolon = type.indexOf(QLatin1Char(';'));
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

Expected<QJsonObject, ApiError> jsonBody(const HttpRequest& req)
{
    if (mediaType(req) != QLatin1String("application/json")) {
        return ApiError{
            415, "unsupported_media_type",
            QCoreApplication::translate("HttpExchange", "Send the request body as application/json.")};
    }
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(req.body.data(), qsizetype(req.body.size())), &error);
    if (error.error != QJsonParseError::NoError)
        return ApiError::badRequest(
            "invalid_json", QCoreApplication::translate("HttpExchange", "The body is not valid JSON: %1.")
                                .arg(error.errorString()));
    if (!doc.isObject())
        return ApiError::badRequest(
            "invalid_json", QCoreApplication::translate("HttpExchange", "The body must be a JSON object."));
    return doc.object();
}

std::optional<Expected<BasicCredentials, ApiError>> basicCredentials(const HttpRequest& req)
{
    const std::string value = req.header("Authorization");
    if (value.size() < 6 || qstrnicmp(value.c_str(), "basic ", 6) != 0)
        return std::nullopt;
    ApiError malformed = ApiError::badRequest(
        "invalid_request",
        QCoreApplication::translate("HttpExchange", "The Basic authorization header is malformed."));
    auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(value.substr(6)).trimmed(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return Expected<BasicCredentials, ApiError>(malformed);
    QByteArray& pair = *decoded;
    const qsizetype colon = pair.indexOf(':');
    if (colon <= 0)
        return Expected<BasicCredentials, ApiError>(malformed);
    BasicCredentials credentials;
    credentials.user = formDecode(pair.left(colon));
    QString password = formDecode(pair.mid(colon + 1));
    credentials.password = SecretBytes::fromUtf8(password);
    SecretBytes::wipe(password);
    SecretBytes::wipe(pair);
    return Expected<BasicCredentials, ApiError>(std::move(credentials));
}

std::optional<SecretBytes> bearerToken(const HttpRequest& req)
{
    const std::string value = req.header("Authorization");
    if (value.size() < 8 || qstrnicmp(value.c_str(), "bearer ", 7) != 0)
        return std::nullopt;
    QByteArray token = QByteArray::fromStdString(value.substr(7)).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    SecretBytes secret(token);
    SecretBytes::wipe(token);
    return secret;
}

void noteKeyId(const QString& keyId)
{
    t_keyId = keyId;
}

QString takeKeyId()
{
    QString keyId;
    keyId.swap(t_keyId);
    return keyId;
}

} // namespace HttpExchange
