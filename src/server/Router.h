#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

// Matches method + path to a handler. Patterns are literal segments with "{}" for one variable
// segment. Unknown paths get 404 and known paths with the wrong method 405 (with Allow), both in JSON.
class Router
{
public:
    using Handler = std::function<void(const HttpRequest&, HttpResponse&, const QStringList& params)>;

    void add(const QString& method, const QString& pattern, Handler handler);
    void dispatch(const HttpRequest& req, HttpResponse& res) const;

private:
    struct Route
    {
        QString method;
        QStringList segments;
        Handler handler;
    };
    static bool matches(const Route& route, const QStringList& segments, QStringList& params);

    QList<Route> m_routes;
};
