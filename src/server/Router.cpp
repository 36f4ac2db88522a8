#include "Router.h"

#include "HttpExchange.h"

#include <QCoreApplication>

void Router::add(const QString& method, const QString& pattern, Handler handler)
{
    m_routes.append({method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler)});
}

bool Router::matches(const Route& route, const QStringList& segments, QStringList& params)
{
    if (route.segments.size() != segments.size())
        return false;
    params.clear();
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (route.segments.at(i) == QLatin1String("{}"))
            params << segments.at(i);
        else if (route.segments.at(i) != segments.at(i))
            return false;
    }
    return true;
}

void Router::dispatch(const HttpRequest& req, HttpResponse& res) const
{
    const QString method = QString::fromStdString(req.method);
    const QStringList segments = QString::fromStdString(req.path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList params;
    QStringList allowed;
    for (const Route& route : m_routes) {
        if (!matches(route, segments, params))
            continue;
        // HEAD is answered like GET (without a body), as HTTP requires.
        if (route.method == method ||
            (method == QLatin1String("HEAD") && route.method == QLatin1String("GET"))) {
            route.handler(req, res, params);
            return;
        }
        allowed << route.method;
    }
    if (!allowed.isEmpty()) {
        res.setHeader("Allow", allowed.join(QStringLiteral(", ")).toStdString());
        HttpExchange::sendError(res, {405, "method_not_allowed",
                                      QCoreApplication::translate("Router", "%1 is not allowed here; use %2.")
                                          .arg(method, allowed.join(QStringLiteral(" or ")))});
        return;
    }
    HttpExchange::sendError(
        res, ApiError::notFound(QCoreApplication::translate("Router", "There is nothing at %1.")
                                    .arg(QString::fromStdString(req.path))));
}
