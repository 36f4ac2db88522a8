#include "GenerateKeyDialog.h"

#include "DateFormat.h"
#include "PlainTextLabels.h"
#include "StatusColors.h"
#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "ui_GenerateKeyDialog.h"
#include "usecases/CreateKey.h"

#include <QPointer>
#include <QPushButton>
#include <QSet>

namespace {
const char* const kErrorStyle =
    "color: palette(highlighted-text); background: #b3261e; padding: 6px; border-radius: 4px;";
} // namespace

namespace {
QList<GenerateKeyDialog::Destination> oneService(ServiceClient& client, const QList<Project>& projects,
                                                 int keyLimit)
{
    QList<GenerateKeyDialog::Destination> destinations;
    for (const Project& p : projects)
        destinations << GenerateKeyDialog::Destination{&client, Connection(), p, keyLimit};
    return destinations;
}

int indexOf(const QList<Project>& projects, const QString& projectId)
{
    for (int i = 0; i < projects.size(); ++i) {
        if (projects.at(i).id == projectId)
            return i;
    }
    return 0;
}
} // namespace

GenerateKeyDialog::GenerateKeyDialog(ServiceClient& client, QList<Project> projects, const QString& projectId,
                                     int keyLimit, const Clock& clock, QWidget* parent)
    : GenerateKeyDialog(oneService(client, projects, keyLimit), indexOf(projects, projectId), clock, parent)
{}

GenerateKeyDialog::GenerateKeyDialog(QList<Destination> destinations, int picked, const Clock& clock,
                                     QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::GenerateKeyDialog>()),
      m_destinations(std::move(destinations)), m_clock(clock)
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_generateButton = m_ui->buttonBox->addButton(tr("&Generate"), QDialogButtonBox::AcceptRole);
    m_generateButton->setDefault(true);
    // The project is picked already; the name is what everyone types first.
    m_ui->nameLineEdit->setFocus();
    // The button box would accept() on its own; we accept only when the service has created the key.
    disconnect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &GenerateKeyDialog::submit);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    for (ExpiryOption option : allExpiryOptions())
        m_ui->expiryComboBox->addItem(expiryOptionLabel(option), QVariant::fromValue(int(option)));
    m_ui->expiryComboBox->setCurrentIndex(1); // 30 days: a safe default that still needs rotation
    connect(m_ui->expiryComboBox, &QComboBox::currentIndexChanged, this,
            &GenerateKeyDialog::updateExpiryDate);
    connect(m_ui->nameLineEdit, &QLineEdit::textEdited, this, [this] {
        m_judgeWhole = false;
        validate();
    });
    connect(m_ui->nameLineEdit, &QLineEdit::textChanged, this, &GenerateKeyDialog::validate);
    connect(m_ui->nameLineEdit, &QLineEdit::editingFinished, this, [this] {
        m_judgeWhole = true;
        validate();
    });

    // Always named with its service: "Local \u2014 Default" says where the key goes even when only one
    // service lets you add keys (a team picked on the left, where you may not, must not look like it).
    for (const Destination& d : m_destinations)
        m_ui->projectComboBox->addItem(
            d.connection.name.isEmpty() ? d.project.name
                                        : tr("%1 \u2014 %2").arg(d.connection.displayName(), d.project.name),
            d.project.id);
    m_ui->projectComboBox->setToolTip(tr("The service and project the key belongs to; the project's id "
                                         "is shown with the secret."));
    connect(m_ui->projectComboBox, &QComboBox::currentIndexChanged, this, &GenerateKeyDialog::pickProject);
    const int first = picked >= 0 && picked < m_destinations.size() ? picked : 0;
    m_ui->projectComboBox->setCurrentIndex(first);
    pickProject(first);
    updateExpiryDate();
}

void GenerateKeyDialog::pickProject(int index)
{
    if (index < 0 || index >= m_destinations.size())
        return;
    const Destination& destination = m_destinations.at(index);
    const Project& project = destination.project;
    delete m_createKey;
    m_createKey = new CreateKey(*destination.client, project.id, this);
    m_createKey->attachTo(destination.connection);
    m_keyLimit = destination.keyLimit;
    m_keysUsed = project.keyCount;
    m_ui->usageLabel->setStyleSheet(QString());
    m_ui->usageLabel->clear();
    if (m_keyLimit > 0) {
        m_ui->usageLabel->setText(
            tr("%1 of %2 keys used in \u201C%3\u201D").arg(m_keysUsed).arg(m_keyLimit).arg(project.name));
        if (m_keysUsed >= m_keyLimit) {
            m_ui->usageLabel->setStyleSheet(StatusColors::styleSheet(StatusColors::Tone::Problem, palette()));
            m_ui->usageLabel->setText(tr("%1 of %2 keys used in \u201C%3\u201D: delete a key you no longer "
                                         "need first, or pick another project.")
                                          .arg(m_keysUsed)
                                          .arg(m_keyLimit)
                                          .arg(project.name));
        }
    }
    validate();
}

GenerateKeyDialog::~GenerateKeyDialog() = default;

void GenerateKeyDialog::attachTo(const Connection& connection)
{
    for (Destination& d : m_destinations)
        d.connection = connection;
    m_createKey->attachTo(connection);
}

std::optional<ServiceClient::CreatedKey> GenerateKeyDialog::takeCreatedKey()
{
    auto created = std::move(m_created);
    m_created.reset();
    return created;
}

void GenerateKeyDialog::validate()
{
    QString name = m_ui->nameLineEdit->text();
    // A space at the end is judged on leaving the field or on Generate, not while typing between words.
    if (!m_judgeWhole) {
        while (name.endsWith(QLatin1Char(' ')))
            name.chop(1);
    }
    const auto result = KeyNameValidator::validate(name);
    const bool full = m_keyLimit > 0 && m_keysUsed >= m_keyLimit;
    if (name.isEmpty()) {
        m_ui->nameHintLabel->setStyleSheet(QString());
        m_ui->nameHintLabel->setText(tr("Starts with a letter; letters, digits, spaces, - _ . (up to 64)."));
    } else if (!result.ok()) {
        m_ui->nameHintLabel->setStyleSheet(StatusColors::styleSheet(StatusColors::Tone::Problem, palette()));
        m_ui->nameHintLabel->setText(result.message);
    } else {
        m_ui->nameHintLabel->setStyleSheet(QString());
        m_ui->nameHintLabel->setText(tr("\u2713 Valid name"));
    }
    m_generateButton->setEnabled(result.ok() && !full && !m_busy);
}

void GenerateKeyDialog::updateExpiryDate()
{
    const auto option = ExpiryOption(m_ui->expiryComboBox->currentData().toInt());
    const QDateTime expires = expiryFrom(option, m_clock.now());
    m_ui->expiryDateLabel->setText(expires.isValid() ? tr("expires %1").arg(DateFormat::dateTime(expires))
                                                     : tr("never expires"));
}

void GenerateKeyDialog::showError(const QString& message)
{
    m_ui->errorLabel->setText(message);
    m_ui->errorLabel->setStyleSheet(QLatin1String(kErrorStyle));
    m_ui->errorLabel->setVisible(true);
}

void GenerateKeyDialog::submit()
{
    if (m_busy || !m_generateButton->isEnabled())
        return;
    m_judgeWhole = true; // the name as it would be saved, trailing spaces included
    validate();
    if (!m_generateButton->isEnabled())
        return m_ui->nameLineEdit->setFocus();
    m_busy = true;
    m_ui->errorLabel->setVisible(false);
    for (QWidget* w : std::initializer_list<QWidget*>{m_ui->nameLineEdit, m_ui->descriptionPlainTextEdit,
                                                      m_ui->expiryComboBox, m_ui->projectComboBox})
        w->setEnabled(false);
    validate();
    const auto option = ExpiryOption(m_ui->expiryComboBox->currentData().toInt());
    QPointer<GenerateKeyDialog> self(this);
    const CreateKey::Request request{m_ui->nameLineEdit->text(),
                                     m_ui->descriptionPlainTextEdit->toPlainText(), expiryDays(option),
                                     QString()};
    m_createKey->run(request, [self](Expected<ServiceClient::CreatedKey> result) {
        if (!self)
            return;
        self->m_busy = false;
        for (QWidget* w :
             std::initializer_list<QWidget*>{self->m_ui->nameLineEdit, self->m_ui->descriptionPlainTextEdit,
                                             self->m_ui->expiryComboBox, self->m_ui->projectComboBox})
            w->setEnabled(true);
        if (!result) {
            self->showError(result.error().message());
            if (result.error().kind() == Error::Kind::LimitReached) {
                self->m_keysUsed = self->m_keyLimit;
                const int index = self->m_ui->projectComboBox->currentIndex();
                if (index >= 0 && index < self->m_destinations.size())
                    self->m_destinations[index].project.keyCount =
                        self->m_keyLimit; // the service knows better
            }
            self->validate();
            return;
        }
        self->m_created = std::move(result).value();
        self->accept();
    });
}
