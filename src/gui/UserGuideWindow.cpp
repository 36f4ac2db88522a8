#include "UserGuideWindow.h"

#include "ScreenFit.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QList>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QVBoxLayout>
#include <QVariant>
#include <algorithm>

namespace {
// Screenshots are taken at 1280 px; shown at most this wide so the text beside them stays readable.
constexpr int kImageWidth = 720;

// A loaded image resource is raw file bytes (QTextBrowser reads the file) or, once decoded, an image.
QSize imageSize(const QVariant& resource)
{
    if (resource.canConvert<QImage>() && resource.typeId() != QMetaType::QByteArray)
        return resource.value<QImage>().size();
    return QImage::fromData(resource.toByteArray()).size();
}
} // namespace

UserGuideWindow::UserGuideWindow(const QString& helpDir, const QLocale& locale, QWidget* parent)
    : QDialog(parent), m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("UserGuideWindow"));
    setWindowTitle(tr("KeyDesk User Guide"));
    m_browser->setObjectName(QStringLiteral("userGuideBrowser"));
    m_browser->setAccessibleName(tr("User guide"));
    // The guide is one page: web and mail links open outside, a link inside the page scrolls to it, and
    // nothing replaces the page (a relative link would load a file that may not be installed).
    m_browser->setOpenLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& link) {
        const QString scheme = link.scheme();
        if (scheme == QLatin1String("https") || scheme == QLatin1String("http") ||
            scheme == QLatin1String("mailto"))
            QDesktopServices::openUrl(link);
        else if (link.hasFragment())
            m_browser->scrollToAnchor(link.fragment());
    });
    const QString file = guideFile(helpDir, locale);
    m_found = !file.isEmpty();
    if (m_found) {
        m_browser->setSource(QUrl::fromLocalFile(file), QTextDocument::MarkdownResource);
        fitImages(kImageWidth);
    } else {
        m_browser->setPlainText(
            tr("The user guide is not installed here (looked in %1).\n\nIt comes with the keydesk package "
               "(/usr/share/keydesk/help) and is docs/user-guide.md in KeyDesk's source.")
                .arg(QDir::toNativeSeparators(helpDir)));
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
    resize(QSize(860, 720).boundedTo(ScreenFit::room(this)));
}

QString UserGuideWindow::installedHelpDir()
{
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/keydesk/help"));
}

// The languages are walked as QTranslator walks them for the app's catalogue, so the guide speaks the
// language of the menus it names.
QString UserGuideWindow::guideFile(const QString& helpDir, const QLocale& locale)
{
    const QDir dir(helpDir);
    for (const QString& language : locale.uiLanguages()) {
        const QString code = language.section(QLatin1Char('-'), 0, 0).toLower();
        if (code.isEmpty() ||
            !std::all_of(code.cbegin(), code.cend(), [](QChar c) { return c >= u'a' && c <= u'z'; }))
            continue; // from the environment: a language code, or nothing
        const QString translated = dir.filePath(QStringLiteral("user-guide.%1.md").arg(code));
        if (QFileInfo::exists(translated))
            return translated;
    }
    const QString english = dir.filePath(QStringLiteral("user-guide.md"));
    return QFileInfo::exists(english) ? english : QString();
}

// Markdown cannot size an image; narrow the wide ones, keeping their proportions.
void UserGuideWindow::fitImages(int maxWidth)
{
    QTextDocument* document = m_browser->document();
    struct Image
    {
        int position;
        QTextImageFormat format;
    };
    QList<Image> images; // collected first: changing a format splits the fragments being walked
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (it.fragment().charFormat().isImageFormat())
                images.append({it.fragment().position(), it.fragment().charFormat().toImageFormat()});
        }
    }
    for (Image& image : images) {
        const QSize size =
            imageSize(document->resource(QTextDocument::ImageResource, QUrl(image.format.name())));
        if (size.isEmpty() || size.width() <= maxWidth)
            continue;
        image.format.setWidth(maxWidth);
        image.format.setHeight(qRound(double(size.height()) * maxWidth / size.width()));
        QTextCursor cursor(document);
        cursor.setPosition(image.position);
        cursor.setPosition(image.position + 1, QTextCursor::KeepAnchor);
        cursor.setCharFormat(image.format);
    }
}
