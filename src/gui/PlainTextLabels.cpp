#include "PlainTextLabels.h"

#include <QLabel>

namespace PlainTextLabels {

void apply(QWidget* root)
{
    for (QLabel* label : root->findChildren<QLabel*>()) {
        if (label->textFormat() == Qt::AutoText)
            label->setTextFormat(Qt::PlainText);
    }
}

} // namespace PlainTextLabels
