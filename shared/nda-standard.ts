import type { Locale } from './constants.ts';

/**
 * The platform's standard click-through NDA, used unless the enterprise writes its own. It is short on
 * purpose: it covers what a task's confidential part carries (process data, samples, figures) and no
 * more. Changing this text changes what every task on the standard text shows; keep the meaning of the
 * three languages the same.
 */
export const STANDARD_NDA_TEXT: Record<Locale, string> = {
  ru: [
    'Соглашение о неразглашении (стандартный текст платформы Kopir)',
    '1. Конфиденциальная информация — сведения из конфиденциальной части этой технологической задачи: данные о процессе, параметры, составы, объёмы, результаты испытаний и иные сведения, которые предприятие раскрывает через Kopir.',
    '2. Принимая соглашение, вы действуете от имени своей организации. Организация обязуется использовать конфиденциальную информацию только для подготовки предложения по этой задаче и переговоров о ней, не передавать её третьим лицам без письменного согласия предприятия и допускать к ней только своих работников, которым она нужна для этой цели.',
    '3. Обязательства не распространяются на сведения, которые были общедоступны или законно известны организации до раскрытия, получены ею законно от третьих лиц или должны быть раскрыты по требованию закона (с уведомлением предприятия).',
    '4. По требованию предприятия организация возвращает или уничтожает полученные материалы. Обязательства действуют три года с даты принятия. Права на интеллектуальную собственность не передаются.',
    '5. Kopir записывает, кто, от какой организации и когда принял соглашение и какую версию, а также каждый просмотр конфиденциальной части; предприятие видит этот журнал.',
  ].join('\n\n'),
  kk: [
    'Құпияны жарияламау туралы келісім (Kopir платформасының стандартты мәтіні)',
    '1. Құпия ақпарат — осы технологиялық тапсырманың құпия бөлігіндегі мәліметтер: процесс туралы деректер, параметрлер, құрамдар, көлемдер, сынақ нәтижелері және кәсіпорын Kopir арқылы ашатын өзге де мәліметтер.',
    '2. Келісімді қабылдай отырып, сіз өз ұйымыңыздың атынан әрекет етесіз. Ұйым құпия ақпаратты тек осы тапсырма бойынша ұсыныс дайындау және келіссөздер жүргізу үшін пайдалануға, оны кәсіпорынның жазбаша келісімінсіз үшінші тұлғаларға бермеуге және оған тек осы мақсат үшін қажет өз қызметкерлерін ғана жіберуге міндеттенеді.',
    '3. Міндеттемелер ашылғанға дейін жалпыға қолжетімді болған немесе ұйымға заңды түрде белгілі болған, үшінші тұлғалардан заңды түрде алынған немесе заң талабы бойынша (кәсіпорынды хабардар ете отырып) ашылуға тиіс мәліметтерге қолданылмайды.',
    '4. Кәсіпорынның талабы бойынша ұйым алынған материалдарды қайтарады немесе жояды. Міндеттемелер қабылданған күннен бастап үш жыл бойы әрекет етеді. Зияткерлік меншік құқықтары берілмейді.',
    '5. Kopir келісімді кім, қай ұйымнан, қашан және қай нұсқасын қабылдағанын, сондай-ақ құпия бөліктің әрбір қаралуын жазып отырады; кәсіпорын бұл журналды көреді.',
  ].join('\n\n'),
  en: [
    'Non-disclosure agreement (Kopir platform standard text)',
    '1. Confidential information means what the confidential part of this technology task discloses: process data, parameters, compositions, volumes, test results and anything else the enterprise shares through Kopir.',
    '2. By accepting, you act for your organisation. The organisation will use the confidential information only to prepare a proposal for this task and to negotiate it, will not pass it to third parties without the enterprise\'s written consent, and will share it only with its own staff who need it for that purpose.',
    '3. These obligations do not cover information that was public or lawfully known to the organisation before disclosure, that it lawfully receives from a third party, or that the law requires it to disclose (after notifying the enterprise).',
    '4. On the enterprise\'s request the organisation returns or destroys the materials received. The obligations last three years from acceptance. No intellectual-property rights are transferred.',
    '5. Kopir records who accepted, for which organisation, when and which version, and every view of the confidential part; the enterprise sees this log.',
  ].join('\n\n'),
};
