// Raw bytes as a client would send them, through the same parser limits as HttpSession and the real routes
// (token endpoint form/JSON/Basic, /health, admin JSON bodies, people, events and their query strings) on a
// throwaway SQLite service. "Bearer admin" in a request is replaced by the real admin token so the admin
// routes' bodies are reached.
#include "FuzzSupport.h"
#include "server/AdminRoutes.h"
#include "server/AuthRoutes.h"
#include "server/Authorization.h"
#include "server/BeastRequest.h"
#include "server/EventRoutes.h"
#include "server/KeyDeskServer.h"
#include "server/PeopleRoutes.h"
#include "server/Router.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <boost/beast/http.hpp>

namespace http = boost::beast::http;

namespace {

struct Service
{
    QTemporaryDir dir;
    std::unique_ptr<KeyDeskServer> server;
    Router router;
    std::unique_ptr<Authorization> auth;
    std::string adminToken;
};

Service& service()
{
    static Service* s = [] {
        auto* created = new Service;
        ServiceConfig config;
        config.database = created->dir.filePath(QStringLiteral("fuzz.sqlite"));
        created->server = std::make_unique<KeyDeskServer>(config, HttpServerConfig{});
        if (!created->server->open())
            std::abort();
        created->adminToken =
            created->server->people().rotateAdminToken().value().toByteArray().toStdString();
        AuthRoutes::install(created->router, created->server->tokens());
        created->auth =
            std::make_unique<Authorization>(created->server->people(), created->server->tokens().throttle());
        AdminRoutes::install(created->router, created->server->keys(), *created->auth);
        PeopleRoutes::install(created->router, created->server->people(), *created->auth);
        EventRoutes::install(created->router, created->server->keys(), created->server->audit(),
                             *created->auth);
        return created;
    }();
    return *s;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    service();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const HttpServerConfig limits;
    http::request_parser<http::string_body> parser;
    parser.header_limit(std::uint32_t(limits.maxHeaderBytes));
    parser.body_limit(limits.maxBodyBytes);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (!ec && !parser.is_done())
        parser.put_eof(ec);
    if (ec || !parser.is_done())
        return 0;
    HttpRequest request = BeastRequest::toHttpRequest(parser.release(), "127.0.0.9", limits);
    for (auto& [name, value] : request.headers) {
        if (value == "Bearer admin")
            value = "Bearer " + service().adminToken;
    }
    HttpResponse response;
    service().router.dispatch(request, response);
    FuzzSupport::require(response.status >= 200 && response.status <= 599,
                         "response.status >= 200 && response.status <= 599");
    // Every answer with a body is the service's JSON.
    if (!response.body.empty()) {
        QJsonParseError error{};
        QJsonDocument::fromJson(QByteArray::fromStdString(response.body), &error);
        FuzzSupport::require(error.error == QJsonParseError::NoError,
                             "error.error == QJsonParseError::NoError");
    }
    return 0;
}
