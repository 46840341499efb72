/**
 * The mails the archive writes, in the language of the site the person signed up on (Kazakh when
 * unknown: the archive's first language). Links point at the site (PUBLIC_SITE_URL).
 */
import { UI_LANGUAGES, type UiLanguage } from '../common/localized.js';

export type MailLocale = UiLanguage;

interface Texts {
  confirm: (a: { name: string; link: string; hours: number }) => [string, string];
  alreadyRegistered: (a: { link: string }) => [string, string];
  granted: (a: { title: string; until: string; link: string }) => [string, string];
  /** No title: the requester never saw the interview (its page withholds everything), so the mail names its address. */
  refused: (a: { asked: string; address: string; reason: string; link: string }) => [string, string];
  ended: (a: { title: string; reason: string | null; link: string }) => [string, string];
  /** A grant ended because the interview was withdrawn (grants end at once; reinstating does not bring them back). */
  withdrawn: (a: { title: string; link: string }) => [string, string];
  /** A request still waiting when the interview was withdrawn: closed, since nothing can be granted (no title, as for a refusal). */
  requestWithdrawn: (a: { asked: string; address: string; link: string }) => [string, string];
}

const TEXTS: Record<MailLocale, Texts> = {
  kk: {
    confirm: ({ name, link, hours }) => [
      'Электрондық поштаңызды растаңыз',
      `Сәлеметсіз бе, ${name}!\n\nАрхивтегі оқырман тіркелгісін ашу үшін мына сілтемені ашып, құпиясөзіңізді енгізіңіз (сілтеме ${hours} сағат жарамды, бір рет қана қолданылады):\n${link}\n\nЕгер сіз тіркелмесеңіз, бұл хатқа назар аудармаңыз.`,
    ],
    alreadyRegistered: ({ link }) => [
      'Сізде тіркелгі бар',
      `Осы мекенжаймен архивке тіркелу сұралды, бірақ сізде тіркелгі бұрыннан бар. Кіру: ${link}\n\nЕгер бұл сіз болмасаңыз, хатқа назар аудармаңыз.`,
    ],
    granted: ({ title, until, link }) => [`Рұқсат берілді: ${title}`, `«${title}» сұхбатына рұқсат ${until} дейін берілді.\n${link}`],
    refused: ({ asked, address, reason, link }) => [
      'Сұрауыңыз қабылданбады',
      `${asked} күнгі сұхбатқа (${address}) сұрауыңыз қабылданбады.\nСебебі: ${reason}\n\nСұрауларыңыз: ${link}`,
    ],
    ended: ({ title, reason, link }) => [`Рұқсат аяқталды: ${title}`, `«${title}» сұхбатына рұқсат аяқталды.${reason ? `\nСебебі: ${reason}` : ''}\n\nСұрауларыңыз: ${link}`],
    withdrawn: ({ title, link }) => [`Рұқсат аяқталды: ${title}`, `«${title}» сұхбаты архивтен алынды, сондықтан оған берілген рұқсат аяқталды.\n\nСұрауларыңыз: ${link}`],
    requestWithdrawn: ({ asked, address, link }) => [
      'Сұрауыңыз жабылды',
      `${asked} күнгі сұхбатқа (${address}) сұрауыңыз жабылды: сұхбат архивтен алынды.\n\nСұрауларыңыз: ${link}`,
    ],
  },
  ru: {
    confirm: ({ name, link, hours }) => [
      'Подтвердите адрес электронной почты',
      `Здравствуйте, ${name}!\n\nЧтобы открыть учётную запись читателя архива, откройте ссылку и введите свой пароль (ссылка действует ${hours} ч и только один раз):\n${link}\n\nЕсли вы не регистрировались, не обращайте внимания на это письмо.`,
    ],
    alreadyRegistered: ({ link }) => [
      'У вас уже есть учётная запись',
      `С этим адресом попросили зарегистрироваться в архиве, но учётная запись у вас уже есть. Вход: ${link}\n\nЕсли это были не вы, не обращайте внимания на это письмо.`,
    ],
    granted: ({ title, until, link }) => [`Доступ открыт: ${title}`, `Доступ к интервью «${title}» открыт до ${until}.\n${link}`],
    refused: ({ asked, address, reason, link }) => [
      'Ваш запрос отклонён',
      `Ваш запрос от ${asked} на интервью (${address}) отклонён.\nПричина: ${reason}\n\nВаши запросы: ${link}`,
    ],
    ended: ({ title, reason, link }) => [`Доступ закрыт: ${title}`, `Доступ к интервью «${title}» закрыт.${reason ? `\nПричина: ${reason}` : ''}\n\nВаши запросы: ${link}`],
    withdrawn: ({ title, link }) => [`Доступ закрыт: ${title}`, `Интервью «${title}» изъято из архива, поэтому доступ к нему закрыт.\n\nВаши запросы: ${link}`],
    requestWithdrawn: ({ asked, address, link }) => [
      'Ваш запрос закрыт',
      `Ваш запрос от ${asked} на интервью (${address}) закрыт: интервью изъято из архива.\n\nВаши запросы: ${link}`,
    ],
  },
  en: {
    confirm: ({ name, link, hours }) => [
      'Confirm your e-mail address',
      `Hello ${name},\n\nTo open your reader's account in the archive, follow this link and enter your password (it works for ${hours} hours, once):\n${link}\n\nIf you did not sign up, ignore this message.`,
    ],
    alreadyRegistered: ({ link }) => [
      'You already have an account',
      `Someone asked to sign up to the archive with this address, but you already have an account. Sign in: ${link}\n\nIf it was not you, ignore this message.`,
    ],
    granted: ({ title, until, link }) => [`Access granted: ${title}`, `You may see the interview "${title}" until ${until}.\n${link}`],
    refused: ({ asked, address, reason, link }) => [
      'Your request was refused',
      `Your request of ${asked} for an interview (${address}) was refused.\nThe reason: ${reason}\n\nYour requests: ${link}`,
    ],
    ended: ({ title, reason, link }) => [`Access ended: ${title}`, `Your access to the interview "${title}" has ended.${reason ? `\nThe reason: ${reason}` : ''}\n\nYour requests: ${link}`],
    withdrawn: ({ title, link }) => [`Access ended: ${title}`, `The interview "${title}" has been withdrawn from the archive, so your access to it has ended.\n\nYour requests: ${link}`],
    requestWithdrawn: ({ asked, address, link }) => [
      'Your request was closed',
      `Your request of ${asked} for an interview (${address}) was closed: the interview has been withdrawn from the archive.\n\nYour requests: ${link}`,
    ],
  },
};

export const mailLocale = (locale?: string | null): MailLocale => (UI_LANGUAGES as readonly string[]).includes(locale ?? '') ? (locale as MailLocale) : 'kk';

export const mailTexts = (locale?: string | null): Texts => TEXTS[mailLocale(locale)];

/** A date as people read it in a mail: day and time in UTC, the same in every language. */
export const mailDate = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
