#pragma once

#include "ServiceFixture.h"
#include "WindowRig.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "storage/KeychainSecretStore.h"

#include <QAction>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

// The main window as main() wires it, shown, on a running service whose "Default" project has three keys
// ("Billing export", "CI deploy", "Monitoring"), with a real keychain (tests/with-keyring.sh unlocked) and
// refreshed once. For window tests to inherit: setUp() in init(), tearDown() in cleanup().
class ThreeKeyWindow
{
protected:
    void setUp()
    {
        m_fixture = new ServiceFixture;
        QVERIFY(m_fixture->start());
        const std::string project = m_fixture->createProject(QStringLiteral("Default"));
        m_fixture->createKey(project, QStringLiteral("Billing export"), 30);
        m_fixture->createKey(project, QStringLiteral("CI deploy"), 7);
        const QJsonObject monitoring = m_fixture->createKey(project, QStringLiteral("Monitoring"));
        m_monitoringKeyId = monitoring.value(QLatin1String("key_id")).toString();
        m_monitoringSecret = monitoring.value(QLatin1String("secret")).toString();
        m_keychain = new KeychainSecretStore(QStringLiteral("keydesk-test"));
        m_rig = new WindowRig(*m_fixture, m_keychain);
        QVERIFY(m_rig->ready);
        window()->show();
        QVERIFY(refreshNow());
    }

    void tearDown()
    {
        delete m_rig;
        delete m_keychain;
        delete m_fixture;
    }

    MainWindow* window() const { return m_rig->window.get(); }
    QTableView* table() { return window()->findChild<QTableView*>(QStringLiteral("inventoryTableView")); }
    QAction* action(const char* name) { return window()->findChild<QAction*>(QLatin1String(name)); }

    bool refreshNow()
    {
        QSignalSpy done(window(), &MainWindow::refreshed);
        window()->refresh();
        return done.wait(10000) && done.first().first().toBool();
    }

    qint64 selectedId()
    {
        const QModelIndexList rows = table()->selectionModel()->selectedRows();
        if (rows.size() != 1)
            return 0;
        const auto c = window()->model()->credentialAt(rows.first().row());
        return c ? c->id : 0;
    }

    void selectNamed(const QString& name)
    {
        for (int row = 0; row < window()->model()->rowCount(); ++row) {
            if (window()->model()->credentialAt(row)->name == name)
                return table()->selectRow(row);
        }
        QFAIL(qPrintable(QStringLiteral("no row named ") + name));
    }

    ServiceFixture* m_fixture = nullptr;
    KeychainSecretStore* m_keychain = nullptr;
    WindowRig* m_rig = nullptr;
    QString m_monitoringKeyId;
    QString m_monitoringSecret;
};
