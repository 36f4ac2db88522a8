#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QHBoxLayout;

// What an empty inventory table says instead of nothing: on first run, the three ways to begin; when a search
// or filter matches nothing, that it does and how to see everything again; for a service never reached, why
// nothing is there. It lies over the table's viewport and offers the next steps as buttons.
class EmptyStatePanel : public QWidget
{
    Q_OBJECT

public:
    explicit EmptyStatePanel(QWidget* viewport);

    // Shows `message` with a button per action (its text, enabled state and tooltip follow the action).
    void showState(const QString& message, const QList<QAction*>& nextSteps);
    QString message() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QLabel* m_message;
    QHBoxLayout* m_buttons;
};
