// Words too common to tell texts apart. Matched by stem, so inflected forms count too.
import { stemToken } from '../thesaurus/text.ts';

const FUNCTION_WORDS = `
и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне было вот от
меня еще ещё нет о об из ему когда даже ну ли если уже или ни быть был него до вас вам ведь там потом себя ей может
они тут где есть надо ней для мы тебя их чем была сам чтоб без чего раз тоже себе под будет будут тогда кто этот того
потому этого какой здесь этом один тем чтобы нее сейчас были всех можно при два после над больше тот через эти нас
про всего них какая много три эту моя свою этой перед том нельзя такой им более всегда всю между это также является
являются которые который которая которое которых которым данный нам наш наша наши ваш необходимо нужно
требуется каждый любой другие другой свой своих своей так же около весь вся либо либо пр др т д т п
және мен бен пен да де та те бұл осы сол ол үшін бойынша арқылы туралы дейін кейін бар жоқ емес болып болады болу
еді біз сіз олар оның оны оған не қандай қалай әр барлық көп аз тағы яғни немесе бірақ егер сияқты ретінде қажет
керек мүмкін арасында ішінде жөнінде сондай ақ ғана ең өте біздің сіздің олардың бір екі үш жылы кезде
the a an and or of to in on at by for with from as is are was were be been being it its this that these those
not no but if then than so such can could should would will shall may might must do does did done has have had
we our you your they their them he she his her i me my us which who whom what when where why how all any each
other into over under about after before between through during within without also only more most very per
via using use used based new e g i e etc
`;

// Domain-generic words every task and profile uses: kept, but with little weight.
const GENERIC_WORDS = `
технология технологический разработка разработать исследование исследовательский система метод методика процесс
задача проблема решение проект предприятие компания производство применение использование внедрение анализ
результат работа работы услуга направление область качество эффективность повышение снижение новый
технология технологиялық әзірлеу зерттеу жүйе әдіс үдеріс процесс міндет мәселе шешім жоба кәсіпорын компания
өндіріс қолдану пайдалану енгізу талдау нәтиже жұмыс сапа тиімділік арттыру төмендету жаңа
technology technological development develop research system method process task problem solution project
company enterprise production application implementation analysis result work service area quality efficiency
improvement improve reduction reduce
`;

function stemList(words: string): Set<string> {
  const stems = new Set<string>();
  for (const word of words.split(/\s+/).filter(Boolean)) {
    stems.add(stemToken(word, 'ru'));
    stems.add(stemToken(word, 'kk'));
  }
  return stems;
}

export const FUNCTION_WORD_STEMS = stemList(FUNCTION_WORDS);
export const GENERIC_WORD_STEMS = stemList(GENERIC_WORDS);
