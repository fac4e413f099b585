// Hand-written domain vocabulary for the synthetic benchmark data, one entry per language
// [ru, kk, en], so a task in Russian and a profile in English can be about the same thing.
// Process names come from the thesaurus (its ~600 concepts are tagged with priority areas);
// what is here fills the sentence frames around them: sites, materials, problems, KPIs, equipment.
import type { PriorityArea } from '../../../shared/constants.ts';

export type Trio = readonly [ru: string, kk: string, en: string];

export interface KpiTemplate {
  metric: Trio;
  unit: string;
  /** Baseline and target ranges; the target is drawn on the better side of the baseline. */
  baseline: readonly [number, number];
  target: readonly [number, number];
}

export interface AreaVocabulary {
  sites: Trio[];
  materials: Trio[];
  problems: Trio[];
  kpis: KpiTemplate[];
  /** Institute and laboratory names: "Institute of <field>". */
  fields: Trio[];
  equipment: string[];
  /** Enterprise name roots. */
  companyRoots: string[];
}

const kpi = (metric: Trio, unit: string, baseline: readonly [number, number], target: readonly [number, number]): KpiTemplate => ({ metric, unit, baseline, target });

export const AREA_VOCABULARY: Record<PriorityArea, AreaVocabulary> = {
  metallurgy: {
    sites: [
      ['обогатительная фабрика', 'байыту фабрикасы', 'concentrator'], ['медеплавильный завод', 'мыс балқыту зауыты', 'copper smelter'],
      ['цинковый завод', 'мырыш зауыты', 'zinc refinery'], ['ферросплавный завод', 'ферроқорытпа зауыты', 'ferroalloy plant'],
      ['глиноземный завод', 'глинозем зауыты', 'alumina refinery'], ['золотоизвлекательная фабрика', 'алтын алу фабрикасы', 'gold processing plant'],
      ['металлургический комбинат', 'металлургиялық комбинат', 'steel mill'], ['рудник', 'кеніш', 'underground mine'],
    ],
    materials: [
      ['медный концентрат', 'мыс концентраты', 'copper concentrate'], ['хвосты флотации', 'флотация қалдықтары', 'flotation tailings'],
      ['шлак медной плавки', 'мыс балқыту қожы', 'copper smelting slag'], ['шламы электролиза', 'электролиз шламдары', 'electrolysis slimes'],
      ['красный шлам', 'қызыл шлам', 'red mud'], ['упорная золотосодержащая руда', 'қиын байытылатын алтынды кен', 'refractory gold ore'],
      ['хромитовая руда', 'хромит кені', 'chromite ore'], ['цинковый кек', 'мырыш кегі', 'zinc leach residue'],
      ['окатыши', 'түйіршіктер', 'iron ore pellets'], ['пыль газоочистки', 'газ тазарту шаңы', 'flue dust'],
    ],
    problems: [
      ['высокие потери металла с хвостами', 'қалдықтармен металл шығыны жоғары', 'high metal losses to tailings'],
      ['низкое извлечение селена и теллура', 'селен мен теллурдың төмен бөлінуі', 'low selenium and tellurium recovery'],
      ['растрескивание окатышей при обжиге', 'күйдіру кезінде түйіршіктердің жарылуы', 'pellet cracking during induration'],
      ['высокое содержание мышьяка в концентрате', 'концентраттағы күшәннің жоғары мөлшері', 'high arsenic content in concentrate'],
      ['быстрый износ футеровки печи', 'пеш футеровкасының тез тозуы', 'fast wear of the furnace lining'],
      ['накопление отвалов шлака', 'қож үйінділерінің жиналуы', 'growing slag dumps'],
    ],
    kpis: [
      kpi(['извлечение меди', 'мыс бөлінуі', 'copper recovery'], '%', [78, 86], [88, 95]),
      kpi(['извлечение селена', 'селен бөлінуі', 'selenium recovery'], '%', [60, 82], [90, 97]),
      kpi(['содержание металла в хвостах', 'қалдықтардағы металл мөлшері', 'metal grade in tailings'], '%', [0.3, 0.6], [0.1, 0.2]),
      kpi(['удельный расход электроэнергии', 'электр энергиясының үлестік шығыны', 'specific power consumption'], 'кВт·ч/т', [2800, 3600], [2200, 2700]),
    ],
    fields: [
      ['металлургии и обогащения', 'металлургия және байыту', 'Metallurgy and Mineral Processing'], ['гидрометаллургии', 'гидрометаллургия', 'Hydrometallurgy'],
      ['редких и рассеянных металлов', 'сирек және шашыраңқы металдар', 'Rare and Trace Metals'], ['пирометаллургии', 'пирометаллургия', 'Pyrometallurgy'],
    ],
    equipment: ['ICP-MS Agilent 7900', 'Автоклав Parr 4540', 'Флотомашина ФМЛ-3', 'XRF Thermo ARL 9900', 'Печь Nabertherm 1700 °C', 'Mixer-settler cascade', 'Lab jaw crusher', 'SEM-EDS JEOL JSM-6490'],
    companyRoots: ['Kazmys', 'Temir', 'Altyn', 'Qazaqmetal', 'Saryarqa Copper', 'Ertis Ferro', 'Balqash Metals', 'Zhezkazgan Ore'],
  },
  greentech: {
    sites: [
      ['очистные сооружения', 'тазарту құрылыстары', 'wastewater treatment plant'], ['водозабор', 'су тораптары', 'water intake'],
      ['хвостохранилище', 'қалдық қоймасы', 'tailings storage facility'], ['полигон ТБО', 'ҚТҚ полигоны', 'municipal landfill'],
      ['промплощадка', 'өнеркәсіп алаңы', 'industrial site'], ['шахта', 'шахта', 'coal mine'],
    ],
    materials: [
      ['шахтная вода', 'шахта суы', 'mine water'], ['сточные воды', 'ағынды сулар', 'wastewater'], ['осадок сточных вод', 'ағынды су тұнбасы', 'sewage sludge'],
      ['рассолы', 'тұздықтар', 'brines'], ['золошлаковые отходы', 'күл-қож қалдықтары', 'coal ash'], ['пластиковые отходы', 'пластик қалдықтары', 'plastic waste'],
      ['питьевая вода', 'ауыз су', 'drinking water'], ['дымовые газы', 'түтін газдары', 'flue gas'],
    ],
    problems: [
      ['превышение ПДК по тяжелым металлам', 'ауыр металдар бойынша ШЖК асып кетуі', 'heavy metals above discharge limits'],
      ['высокая минерализация воды', 'судың жоғары минералдануы', 'high water salinity'],
      ['пыление хвостохранилища', 'қалдық қоймасының шаңдануы', 'dust from the tailings pond'],
      ['накипь в котлах и теплообменниках', 'қазандар мен жылу алмастырғыштардағы қақ', 'scale in boilers and heat exchangers'],
      ['выбросы диоксида серы', 'күкірт диоксидінің шығарындылары', 'sulphur dioxide emissions'],
      ['дефицит технической воды', 'техникалық судың тапшылығы', 'shortage of process water'],
    ],
    kpis: [
      kpi(['содержание сульфатов', 'сульфаттар мөлшері', 'sulphate concentration'], 'мг/л', [1200, 3000], [300, 500]),
      kpi(['доля оборотной воды', 'айналымдағы су үлесі', 'share of recycled water'], '%', [30, 55], [80, 95]),
      kpi(['выбросы пыли', 'шаң шығарындылары', 'dust emissions'], 'т/год', [400, 900], [50, 150]),
      kpi(['себестоимость очистки', 'тазарту өзіндік құны', 'treatment cost'], 'тг/м³', [250, 600], [90, 180]),
    ],
    fields: [
      ['водных проблем', 'су мәселелері', 'Water Resources'], ['экологии и охраны природы', 'экология және табиғатты қорғау', 'Ecology and Environmental Protection'],
      ['мембранных технологий', 'мембраналық технологиялар', 'Membrane Technology'], ['переработки отходов', 'қалдықтарды қайта өңдеу', 'Waste Recycling'],
    ],
    equipment: ['Reverse osmosis pilot unit', 'Ion chromatograph Metrohm 930', 'TOC analyzer Shimadzu', 'Пилотная установка электродиализа', 'Jar test stand', 'AAS Shimadzu AA-7000'],
    companyRoots: ['Su Arnasy', 'Zhasyl Dala', 'EcoQazaq', 'Aral Water', 'Taza Su', 'Steppe Eco'],
  },
  agritech: {
    sites: [
      ['зерновое хозяйство', 'астық шаруашылығы', 'grain farm'], ['элеватор', 'элеватор', 'grain elevator'], ['молочная ферма', 'сүт фермасы', 'dairy farm'],
      ['тепличный комплекс', 'жылыжай кешені', 'greenhouse complex'], ['откормочная площадка', 'бордақылау алаңы', 'feedlot'], ['орошаемый участок', 'суармалы учаске', 'irrigated field'],
    ],
    materials: [
      ['яровая пшеница', 'жаздық бидай', 'spring wheat'], ['ячмень', 'арпа', 'barley'], ['подсолнечник', 'күнбағыс', 'sunflower'], ['кормовые культуры', 'мал азықтық дақылдар', 'forage crops'],
      ['засоленные почвы', 'тұзданған топырақтар', 'saline soils'], ['семенной материал', 'тұқым материалы', 'seed stock'], ['навоз', 'көң', 'manure'], ['хлопок', 'мақта', 'cotton'],
    ],
    problems: [
      ['засуха и низкая урожайность', 'құрғақшылық және төмен өнімділік', 'drought and low yields'], ['потери зерна при хранении', 'сақтау кезіндегі астық шығыны', 'grain losses in storage'],
      ['распространение болезней растений', 'өсімдік ауруларының таралуы', 'spread of plant diseases'], ['деградация пастбищ', 'жайылымдардың тозуы', 'pasture degradation'],
      ['низкие привесы скота', 'малдың төмен салмақ қосуы', 'low livestock weight gain'], ['перерасход поливной воды', 'суару суының артық шығыны', 'excessive irrigation water use'],
    ],
    kpis: [
      kpi(['урожайность', 'өнімділік', 'yield'], 'ц/га', [9, 14], [18, 25]), kpi(['потери при хранении', 'сақтау шығындары', 'storage losses'], '%', [4, 9], [1, 2]),
      kpi(['расход воды на полив', 'суаруға су шығыны', 'irrigation water use'], 'м³/га', [6000, 9000], [3500, 5000]), kpi(['среднесуточный привес', 'орташа тәуліктік салмақ қосу', 'average daily gain'], 'г', [600, 800], [950, 1200]),
    ],
    fields: [
      ['земледелия и растениеводства', 'егіншілік және өсімдік шаруашылығы', 'Crop Science'], ['почвоведения и агрохимии', 'топырақтану және агрохимия', 'Soil Science and Agrochemistry'],
      ['животноводства и ветеринарии', 'мал шаруашылығы және ветеринария', 'Animal Science and Veterinary Medicine'], ['защиты растений', 'өсімдіктерді қорғау', 'Plant Protection'],
    ],
    equipment: ['Климатическая камера Binder KBW', 'NIR analyzer FOSS', 'Drone multispectral camera', 'PCR thermocycler Bio-Rad', 'Soil moisture sensor network', 'Селекционная сеялка'],
    companyRoots: ['Astyq', 'Qazaq Agro', 'Dala Grain', 'Kostanay Bidai', 'Jetisu Agro', 'Bereke Farm'],
  },
  medtech: {
    sites: [
      ['областная больница', 'облыстық аурухана', 'regional hospital'], ['поликлиника', 'емхана', 'outpatient clinic'], ['фармацевтический завод', 'фармацевтика зауыты', 'pharmaceutical plant'],
      ['диагностическая лаборатория', 'диагностикалық зертхана', 'diagnostic laboratory'], ['санаторий', 'шипажай', 'rehabilitation centre'],
    ],
    materials: [
      ['биомаркеры', 'биомаркерлер', 'biomarkers'], ['медицинские изображения', 'медициналық кескіндер', 'medical images'], ['вакцины', 'вакциналар', 'vaccines'],
      ['субстанции лекарств', 'дәрілік субстанциялар', 'drug substances'], ['данные пациентов', 'пациенттер деректері', 'patient records'], ['тест-системы', 'тест-жүйелер', 'test kits'],
    ],
    problems: [
      ['позднее выявление онкологических заболеваний', 'онкологиялық аурулардың кеш анықталуы', 'late detection of cancer'],
      ['высокая нагрузка на врачей первичного звена', 'алғашқы буын дәрігерлеріне жоғары жүктеме', 'high workload of primary care doctors'],
      ['зависимость от импорта тест-систем', 'тест-жүйелер импортына тәуелділік', 'dependence on imported test kits'],
      ['рост сердечно-сосудистых заболеваний', 'жүрек-қан тамырлары ауруларының өсуі', 'rising cardiovascular disease'],
    ],
    kpis: [
      kpi(['чувствительность скрининга', 'скрининг сезімталдығы', 'screening sensitivity'], '%', [70, 82], [90, 96]), kpi(['время постановки диагноза', 'диагноз қою уақыты', 'time to diagnosis'], 'дн', [20, 45], [5, 10]),
      kpi(['стоимость теста', 'тест құны', 'cost per test'], 'тг', [8000, 15000], [2500, 4000]), kpi(['охват профилактическими осмотрами', 'профилактикалық тексерулермен қамту', 'check-up coverage'], '%', [40, 60], [75, 90]),
    ],
    fields: [
      ['профилактической медицины', 'профилактикалық медицина', 'Preventive Medicine'], ['молекулярной диагностики', 'молекулалық диагностика', 'Molecular Diagnostics'],
      ['кардиологии', 'кардиология', 'Cardiology'], ['биотехнологии и фармации', 'биотехнология және фармация', 'Biotechnology and Pharmacy'],
    ],
    equipment: ['Real-time PCR QuantStudio 5', 'Проточный цитометр BD FACSCanto', 'HPLC Agilent 1260', 'Ultrasound scanner', 'Biobank −80 °C freezers', 'ELISA reader'],
    companyRoots: ['Densaulyq', 'Shipager', 'QazMed', 'Saulet Pharm', 'Emdeu Lab', 'Medeu Clinic'],
  },
  ai: {
    sites: [
      ['контакт-центр', 'байланыс орталығы', 'contact centre'], ['диспетчерская', 'диспетчерлік', 'control room'], ['банк', 'банк', 'bank'],
      ['склад', 'қойма', 'warehouse'], ['розничная сеть', 'бөлшек сауда желісі', 'retail chain'], ['телеком-оператор', 'телеком операторы', 'telecom operator'],
    ],
    materials: [
      ['тексты на казахском языке', 'қазақ тіліндегі мәтіндер', 'Kazakh-language texts'], ['видеопотоки', 'бейне ағындары', 'video streams'], ['телеметрия', 'телеметрия', 'telemetry'],
      ['транзакции', 'транзакциялар', 'transactions'], ['сканы документов', 'құжаттардың сканерлері', 'scanned documents'], ['аудиозаписи звонков', 'қоңыраулардың аудиожазбалары', 'call recordings'],
    ],
    problems: [
      ['ручная обработка обращений', 'өтініштерді қолмен өңдеу', 'manual handling of requests'], ['низкая точность прогноза спроса', 'сұраныс болжамының төмен дәлдігі', 'poor demand forecast accuracy'],
      ['мошеннические операции', 'алаяқтық операциялар', 'fraudulent transactions'], ['нехватка моделей для казахского языка', 'қазақ тіліне арналған модельдердің жетіспеуі', 'lack of models for Kazakh'],
      ['пропуск дефектов при визуальном контроле', 'көзбен бақылауда ақауларды өткізіп алу', 'defects missed in visual inspection'],
    ],
    kpis: [
      kpi(['точность распознавания', 'тану дәлдігі', 'recognition accuracy'], '%', [75, 85], [93, 98]), kpi(['время обработки обращения', 'өтінішті өңдеу уақыты', 'handling time'], 'мин', [12, 25], [2, 5]),
      kpi(['ошибка прогноза MAPE', 'MAPE болжам қатесі', 'forecast error MAPE'], '%', [18, 30], [6, 10]), kpi(['доля автоматизации', 'автоматтандыру үлесі', 'automation rate'], '%', [10, 30], [60, 85]),
    ],
    fields: [
      ['искусственного интеллекта', 'жасанды интеллект', 'Artificial Intelligence'], ['обработки естественного языка', 'табиғи тілді өңдеу', 'Natural Language Processing'],
      ['компьютерного зрения', 'компьютерлік көру', 'Computer Vision'], ['анализа данных', 'деректерді талдау', 'Data Science'],
    ],
    equipment: ['GPU cluster 8× A100', 'Edge devices Jetson Orin', 'Annotated speech corpus', 'MLOps platform', 'High-speed industrial cameras'],
    companyRoots: ['Qazaq Data', 'Smart Steppe', 'Tulpar AI', 'Oqu Tech', 'Bilim Soft', 'Alem Digital'],
  },
  industry40: {
    sites: [
      ['машиностроительный завод', 'машина жасау зауыты', 'machine-building plant'], ['цементный завод', 'цемент зауыты', 'cement plant'], ['нефтеперерабатывающий завод', 'мұнай өңдеу зауыты', 'oil refinery'],
      ['литейный цех', 'құю цехы', 'foundry'], ['сборочная линия', 'құрастыру желісі', 'assembly line'], ['карьер', 'карьер', 'open-pit mine'],
    ],
    materials: [
      ['данные датчиков вибрации', 'діріл датчиктерінің деректері', 'vibration sensor data'], ['отливки', 'құймалар', 'castings'], ['сварные швы', 'дәнекерлеу жіктері', 'welds'],
      ['запасные части', 'қосалқы бөлшектер', 'spare parts'], ['самосвалы', 'өздігінен аударғыштар', 'haul trucks'], ['подшипники', 'мойынтіректер', 'bearings'],
    ],
    problems: [
      ['внеплановые простои оборудования', 'жабдықтың жоспардан тыс тоқтап қалуы', 'unplanned equipment downtime'], ['высокий процент брака', 'ақаудың жоғары пайызы', 'high scrap rate'],
      ['зависимость от импортных запчастей', 'импорттық қосалқы бөлшектерге тәуелділік', 'dependence on imported spare parts'], ['ручной учет на складе', 'қоймадағы қолмен есеп', 'manual inventory tracking'],
      ['перерасход топлива карьерной техникой', 'карьер техникасының отынды артық жұмсауы', 'excess fuel use by mining trucks'],
    ],
    kpis: [
      kpi(['коэффициент готовности оборудования', 'жабдықтың дайындық коэффициенті', 'equipment availability'], '%', [78, 86], [93, 97]), kpi(['доля брака', 'ақау үлесі', 'scrap rate'], '%', [4, 9], [0.5, 1.5]),
      kpi(['OEE', 'OEE', 'OEE'], '%', [45, 60], [75, 85]), kpi(['расход топлива', 'отын шығыны', 'fuel consumption'], 'л/ч', [140, 190], [110, 125]),
    ],
    fields: [
      ['цифрового производства', 'цифрлық өндіріс', 'Digital Manufacturing'], ['машиностроения и робототехники', 'машина жасау және робототехника', 'Mechanical Engineering and Robotics'],
      ['автоматизации и управления', 'автоматтандыру және басқару', 'Automation and Control'], ['аддитивных технологий', 'аддитивті технологиялар', 'Additive Manufacturing'],
    ],
    equipment: ['Metal 3D printer EOS M290', 'CNC machining centre DMG Mori', 'Vibration analyzer SKF', 'Industrial robot KUKA KR 60', 'PLC test bench Siemens S7-1500', 'CT scanner for castings'],
    companyRoots: ['Qazaq Mash', 'Temir Zhol Service', 'Ural Steppe Engineering', 'Karaganda Machine', 'Sary Arka Cement', 'Atyrau Refining'],
  },
  govtech: {
    sites: [
      ['акимат', 'әкімдік', 'city administration'], ['ЦОН', 'ХҚКО', 'public service centre'], ['министерство', 'министрлік', 'ministry'],
      ['налоговый орган', 'салық органы', 'tax authority'], ['школа', 'мектеп', 'school network'],
    ],
    materials: [
      ['обращения граждан', 'азаматтардың өтініштері', 'citizen requests'], ['архивные документы', 'мұрағаттық құжаттар', 'archival records'], ['земельный кадастр', 'жер кадастры', 'land cadastre'],
      ['открытые данные', 'ашық деректер', 'open data'], ['реестры', 'тізілімдер', 'registries'],
    ],
    problems: [
      ['долгие сроки оказания госуслуг', 'мемлекеттік қызметтердің ұзақ мерзімі', 'slow delivery of public services'], ['бумажный документооборот', 'қағаз құжат айналымы', 'paper-based workflows'],
      ['несогласованность ведомственных баз', 'ведомстволық базалардың сәйкес келмеуі', 'inconsistent agency databases'], ['низкая цифровая грамотность', 'төмен цифрлық сауаттылық', 'low digital literacy'],
    ],
    kpis: [
      kpi(['срок оказания услуги', 'қызмет көрсету мерзімі', 'service lead time'], 'дн', [10, 30], [1, 3]), kpi(['доля электронных услуг', 'электрондық қызметтер үлесі', 'share of e-services'], '%', [40, 60], [85, 95]),
      kpi(['удовлетворенность граждан', 'азаматтардың қанағаттануы', 'citizen satisfaction'], '%', [55, 70], [85, 92]),
    ],
    fields: [
      ['цифрового государства', 'цифрлық мемлекет', 'Digital Government'], ['информационной безопасности', 'ақпараттық қауіпсіздік', 'Information Security'], ['государственного управления', 'мемлекеттік басқару', 'Public Administration'],
    ],
    equipment: ['Secure data lab', 'Usability testing room', 'Geo-information server', 'PKI test environment'],
    companyRoots: ['E-Qyzmet', 'Digital Astana', 'Aqparat', 'Qogam Service', 'Zan Tech'],
  },
  energy: {
    sites: [
      ['ТЭЦ', 'ЖЭО', 'combined heat and power plant'], ['ГРЭС', 'МАЭС', 'coal power station'], ['подстанция', 'қосалқы станция', 'substation'],
      ['солнечная электростанция', 'күн электр станциясы', 'solar farm'], ['ветропарк', 'жел электр станциясы', 'wind farm'], ['тепловые сети', 'жылу желілері', 'district heating network'],
    ],
    materials: [
      ['экибастузский уголь', 'екібастұз көмірі', 'Ekibastuz coal'], ['зола уноса', 'ұшпа күл', 'fly ash'], ['трансформаторное масло', 'трансформатор майы', 'transformer oil'],
      ['литий-ионные аккумуляторы', 'литий-ионды аккумуляторлар', 'lithium-ion batteries'], ['водород', 'сутегі', 'hydrogen'], ['биогаз', 'биогаз', 'biogas'],
    ],
    problems: [
      ['высокие потери в тепловых сетях', 'жылу желілеріндегі жоғары шығындар', 'high heat losses in the network'], ['шлакование котлов', 'қазандардың қождануы', 'boiler slagging'],
      ['нестабильная выработка ВИЭ', 'ЖЭК өндірісінің тұрақсыздығы', 'variable renewable output'], ['износ оборудования подстанций', 'қосалқы станция жабдықтарының тозуы', 'ageing substation equipment'],
      ['высокие выбросы CO2', 'CO2 шығарындыларының жоғарылығы', 'high CO2 emissions'],
    ],
    kpis: [
      kpi(['КПД котла', 'қазанның ПӘК', 'boiler efficiency'], '%', [82, 87], [90, 93]), kpi(['потери тепла', 'жылу шығыны', 'heat losses'], '%', [18, 30], [8, 12]),
      kpi(['удельные выбросы CO2', 'CO2 үлестік шығарындылары', 'CO2 intensity'], 'г/кВт·ч', [1000, 1200], [700, 850]), kpi(['точность прогноза выработки', 'өндіріс болжамының дәлдігі', 'generation forecast accuracy'], '%', [70, 80], [90, 95]),
    ],
    fields: [
      ['энергетики', 'энергетика', 'Power Engineering'], ['возобновляемых источников энергии', 'жаңартылатын энергия көздері', 'Renewable Energy'],
      ['теплоэнергетики', 'жылу энергетикасы', 'Thermal Power Engineering'], ['электрохимических накопителей', 'электрохимиялық жинақтағыштар', 'Electrochemical Energy Storage'],
    ],
    equipment: ['Boiler combustion test rig', 'Battery cycler Arbin', 'Power quality analyzer Fluke 1760', 'Wind tunnel', 'Thermal imaging camera FLIR', 'Gas chromatograph'],
    companyRoots: ['Energo Qazaq', 'Samruk Power', 'Ekibastuz Energy', 'Jel Power', 'Kun Energy', 'Pavlodar Heat'],
  },
};

/** Everyday words people type into a search box next to the subject ("technology for …"). */
export const QUERY_MODIFIERS: Trio[] = [
  ['технология', 'технология', 'technology'], ['оборудование', 'жабдық', 'equipment'], ['пилотные испытания', 'пилоттық сынақтар', 'pilot'],
  ['снижение затрат', 'шығындарды азайту', 'cost reduction'], ['лаборатория', 'зертхана', 'laboratory'], ['анализ', 'талдау', 'analysis'],
];

export const CITIES: Record<string, Trio> = {
  astana: ['Астана', 'Астана', 'Astana'], almaty: ['Алматы', 'Алматы', 'Almaty'], shymkent: ['Шымкент', 'Шымкент', 'Shymkent'],
  karaganda: ['Караганда', 'Қарағанды', 'Karaganda'], 'east-kazakhstan': ['Усть-Каменогорск', 'Өскемен', 'Oskemen'], pavlodar: ['Павлодар', 'Павлодар', 'Pavlodar'],
  aktobe: ['Актобе', 'Ақтөбе', 'Aktobe'], atyrau: ['Атырау', 'Атырау', 'Atyrau'], kostanay: ['Костанай', 'Қостанай', 'Kostanay'],
  'west-kazakhstan': ['Уральск', 'Орал', 'Oral'], jambyl: ['Тараз', 'Тараз', 'Taraz'], kyzylorda: ['Кызылорда', 'Қызылорда', 'Kyzylorda'],
  mangystau: ['Актау', 'Ақтау', 'Aktau'], 'north-kazakhstan': ['Петропавловск', 'Петропавл', 'Petropavl'], akmola: ['Кокшетау', 'Көкшетау', 'Kokshetau'],
  turkistan: ['Туркестан', 'Түркістан', 'Turkistan'], abai: ['Семей', 'Семей', 'Semey'], jetisu: ['Талдыкорган', 'Талдықорған', 'Taldykorgan'],
  ulytau: ['Жезказган', 'Жезқазған', 'Zhezkazgan'], 'almaty-region': ['Конаев', 'Қонаев', 'Konaev'],
};
