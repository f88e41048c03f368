/**
 * Codelists of the common data standard. Codes follow SDMX conventions where they exist
 * (`_T` total, `_U` unknown, `F`/`M` sex, `Y_LT14` style age groups).
 */
export interface Code {
  code: string;
  name: { en: string; fr: string; ru: string };
}

export interface Codelist {
  id: string;
  name: { en: string; fr: string; ru: string };
  codes: Code[];
}

const c = (code: string, en: string, fr: string, ru: string): Code => ({ code, name: { en, fr, ru } });

export const TOTAL = '_T';

export const CODELISTS: readonly Codelist[] = [
  {
    id: 'SEX',
    name: { en: 'Sex', fr: 'Sexe', ru: 'Пол' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('F', 'Female', 'Femmes', 'Женщины'),
      c('M', 'Male', 'Hommes', 'Мужчины'),
      c('_U', 'Unknown', 'Inconnu', 'Неизвестно'),
    ],
  },
  {
    id: 'AGE_GROUP',
    name: { en: 'Age group', fr: "Groupe d'âge", ru: 'Возрастная группа' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('Y_LT14', 'Under 14', 'Moins de 14 ans', 'До 14 лет'),
      c('Y14-17', '14 to 17', '14 à 17 ans', '14–17 лет'),
      c('Y18-34', '18 to 34', '18 à 34 ans', '18–34 лет'),
      c('Y35-64', '35 to 64', '35 à 64 ans', '35–64 лет'),
      c('Y_GE65', '65 or over', '65 ans ou plus', '65 лет и старше'),
      c('_U', 'Unknown', 'Inconnu', 'Неизвестно'),
    ],
  },
  {
    id: 'BORDER_TYPE',
    name: { en: 'Border type', fr: 'Type de frontière', ru: 'Тип границы' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('LAND', 'Land', 'Terrestre', 'Сухопутная'),
      c('SEA', 'Sea', 'Maritime', 'Морская'),
      c('AIR', 'Air', 'Aérienne', 'Воздушная'),
    ],
  },
  {
    id: 'PLACE',
    name: { en: 'Place of detection', fr: 'Lieu de détection', ru: 'Место выявления' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('INLAND', 'Inland', "À l'intérieur", 'Внутри страны'),
      c('BORDER', 'At the border', 'À la frontière', 'На границе'),
      c('EXIT', 'At exit', 'À la sortie', 'При выезде'),
    ],
  },
  {
    id: 'REFUSAL_REASON',
    name: {
      en: 'Reason for refusal of entry',
      fr: "Motif du refus d'entrée",
      ru: 'Причина отказа во въезде',
    },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c(
        'A',
        'No valid travel document',
        'Pas de document de voyage valable',
        'Нет действительного проездного документа',
      ),
      c('B', 'False travel document', 'Document de voyage faux', 'Поддельный проездной документ'),
      c(
        'C',
        'No valid visa or residence permit',
        'Pas de visa ou titre de séjour valable',
        'Нет действительной визы или вида на жительство',
      ),
      c(
        'D',
        'False visa or residence permit',
        'Visa ou titre de séjour faux',
        'Поддельная виза или вид на жительство',
      ),
      c(
        'E',
        'No documents justifying purpose of stay',
        'Pas de justificatifs du motif du séjour',
        'Нет документов о цели пребывания',
      ),
      c(
        'F',
        'Already stayed 90 days in 180',
        'A déjà séjourné 90 jours sur 180',
        'Уже пребывал 90 дней из 180',
      ),
      c(
        'G',
        'Insufficient means of subsistence',
        'Moyens de subsistance insuffisants',
        'Недостаточно средств к существованию',
      ),
      c(
        'H',
        'Alert issued for refusal of entry',
        'Signalement aux fins de non-admission',
        'Имеется запрет на въезд',
      ),
      c(
        'I',
        'Threat to public policy or security',
        "Menace pour l'ordre public ou la sécurité",
        'Угроза общественному порядку или безопасности',
      ),
    ],
  },
  {
    id: 'DOCUMENT_TYPE',
    name: { en: 'Document type', fr: 'Type de document', ru: 'Тип документа' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('PASSPORT', 'Passport', 'Passeport', 'Паспорт'),
      c('ID_CARD', 'Identity card', "Carte d'identité", 'Удостоверение личности'),
      c('VISA', 'Visa', 'Visa', 'Виза'),
      c('RESIDENCE_PERMIT', 'Residence permit', 'Titre de séjour', 'Вид на жительство'),
      c('STAMP', 'Border stamp', "Cachet d'entrée", 'Пограничный штамп'),
      c('OTHER', 'Other', 'Autre', 'Другое'),
    ],
  },
  {
    id: 'FRAUD_TYPE',
    name: { en: 'Fraud type', fr: 'Type de fraude', ru: 'Вид мошенничества' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('COUNTERFEIT', 'Counterfeit', 'Contrefaçon', 'Подделка'),
      c('FORGED', 'Forgery', 'Falsification', 'Фальсификация'),
      c('IMPOSTOR', 'Impostor', 'Usurpation', 'Использование чужого документа'),
      c(
        'FRAUD_OBTAINED',
        'Fraudulently obtained genuine',
        'Authentique obtenu frauduleusement',
        'Подлинный, полученный обманным путём',
      ),
    ],
  },
  {
    id: 'RETURN_TYPE',
    name: { en: 'Type of return', fr: 'Type de retour', ru: 'Вид возвращения' },
    codes: [
      c('_T', 'Total', 'Total', 'Всего'),
      c('VOLUNTARY', 'Voluntary', 'Volontaire', 'Добровольное'),
      c('FORCED', 'Forced', 'Forcé', 'Принудительное'),
    ],
  },
];

export function findCodelist(id: string): Codelist | undefined {
  return CODELISTS.find((l) => l.id === id);
}
