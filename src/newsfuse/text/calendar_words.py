"""Month and weekday words per language, read by `newsfuse.text.calendar`.

`months`: 12 lists (January first); `weekdays`: 7 lists (Monday first). Each list holds the name and
the inflected forms newsrooms write after a day number or a preposition ("28. novembra", "u srijedu").
`*_abbreviations` are short forms, read only where a number or a dot makes them safe. Languages: English,
Serbian (Latin and Cyrillic), Croatian, Bosnian, Albanian, German, French, Spanish, Italian, Portuguese,
Russian. A word may appear in several languages but must name one month (a test checks).
"""

CALENDAR_WORDS: dict[str, dict[str, list[list[str]]]] = {
    "en": {
        "months": [
            ["january"], ["february"], ["march"], ["april"], ["may"], ["june"], ["july"], ["august"],
            ["september"], ["october"], ["november"], ["december"],
        ],
        "month_abbreviations": [
            ["jan"], ["feb"], ["mar"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"], ["oct"],
            ["nov"], ["dec"],
        ],
        "weekdays": [
            ["monday"], ["tuesday"], ["wednesday"], ["thursday"], ["friday"], ["saturday"], ["sunday"],
        ],
        "weekday_abbreviations": [
            ["mon"], ["tue", "tues"], ["wed"], ["thu", "thur", "thurs"], ["fri"], ["sat"], ["sun"],
        ],
    },
    "sr-Latn": {
        "months": [
            ["januar", "januara"], ["februar", "februara"], ["mart", "marta"], ["april", "aprila"],
            ["maj", "maja"], ["jun", "juna"], ["jul", "jula"], ["avgust", "avgusta"],
            ["septembar", "septembra"], ["oktobar", "oktobra"], ["novembar", "novembra"],
            ["decembar", "decembra"],
        ],
        "weekdays": [
            ["ponedeljak"], ["utorak"], ["sreda", "sredu"], ["četvrtak", "cetvrtak"], ["petak"],
            ["subota", "subotu"], ["nedelja", "nedelju"],
        ],
    },
    "sr-Cyrl": {
        "months": [
            ["јануар", "јануара"], ["фебруар", "фебруара"], ["март", "марта"], ["април", "априла"],
            ["мај", "маја"], ["јун", "јуна"], ["јул", "јула"], ["август", "августа"],
            ["септембар", "септембра"], ["октобар", "октобра"], ["новембар", "новембра"],
            ["децембар", "децембра"],
        ],
        "weekdays": [
            ["понедељак"], ["уторак"], ["среда", "среду"], ["четвртак"], ["петак"], ["субота", "суботу"],
            ["недеља", "недељу"],
        ],
    },
    "hr": {
        "months": [
            ["siječanj", "siječnja", "sijecanj", "sijecnja"], ["veljača", "veljače", "veljaca", "veljace"],
            ["ožujak", "ožujka", "ozujak", "ozujka"], ["travanj", "travnja"], ["svibanj", "svibnja"],
            ["lipanj", "lipnja"], ["srpanj", "srpnja"], ["kolovoz", "kolovoza"], ["rujan", "rujna"],
            ["listopad", "listopada"], ["studeni", "studenog", "studenoga"], ["prosinac", "prosinca"],
        ],
        "weekdays": [
            ["ponedjeljak"], ["utorak"], ["srijeda", "srijedu"], ["četvrtak", "cetvrtak"], ["petak"],
            ["subota", "subotu"], ["nedjelja", "nedjelju"],
        ],
    },
    "bs": {
        "months": [
            ["januar", "januara"], ["februar", "februara"], ["mart", "marta"], ["april", "aprila"],
            ["maj", "maja"], ["juni", "juna"], ["juli", "jula"], ["august", "augusta"],
            ["septembar", "septembra"], ["oktobar", "oktobra"], ["novembar", "novembra"],
            ["decembar", "decembra"],
        ],
        "weekdays": [
            ["ponedjeljak"], ["utorak"], ["srijeda", "srijedu"], ["četvrtak", "cetvrtak"], ["petak"],
            ["subota", "subotu"], ["nedjelja", "nedjelju"],
        ],
    },
    "sq": {
        "months": [
            ["janar", "janari", "janarit"], ["shkurt", "shkurti", "shkurtit"], ["mars", "marsi", "marsit"],
            ["prill", "prilli", "prillit"], ["maj", "maji", "majit"], ["qershor", "qershori", "qershorit"],
            ["korrik", "korriku", "korrikut"], ["gusht", "gushti", "gushtit"],
            ["shtator", "shtatori", "shtatorit"], ["tetor", "tetori", "tetorit"],
            ["nëntor", "nëntori", "nëntorit", "nentor", "nentori", "nentorit"],
            ["dhjetor", "dhjetori", "dhjetorit"],
        ],
        "weekdays": [
            ["hënë", "hënën", "hene"], ["martë", "martën", "marte"], ["mërkurë", "mërkurën", "merkure"],
            ["enjte", "enjten"], ["premte", "premten"], ["shtunë", "shtunën", "shtune"],
            ["diel", "dielën", "dielen"],
        ],
    },
    "de": {
        "months": [
            ["januar", "jänner"], ["februar"], ["märz", "maerz"], ["april"], ["mai"], ["juni"], ["juli"],
            ["august"], ["september"], ["oktober"], ["november"], ["dezember"],
        ],
        "month_abbreviations": [
            ["jan"], ["feb"], ["mär"], ["apr"], [], ["jun"], ["jul"], ["aug"], ["sep", "sept"], ["okt"],
            ["nov"], ["dez"],
        ],
        "weekdays": [
            ["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"], ["samstag", "sonnabend"],
            ["sonntag"],
        ],
    },
    "fr": {
        "months": [
            ["janvier"], ["février", "fevrier"], ["mars"], ["avril"], ["mai"], ["juin"], ["juillet"],
            ["août", "aout"], ["septembre"], ["octobre"], ["novembre"], ["décembre", "decembre"],
        ],
        "month_abbreviations": [
            ["janv"], ["févr", "fevr"], [], ["avr"], [], [], ["juil"], [], ["sept"], ["oct"], ["nov"],
            ["déc", "dec"],
        ],
        "weekdays": [
            ["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"], ["dimanche"],
        ],
    },
    "es": {
        "months": [
            ["enero"], ["febrero"], ["marzo"], ["abril"], ["mayo"], ["junio"], ["julio"], ["agosto"],
            ["septiembre", "setiembre"], ["octubre"], ["noviembre"], ["diciembre"],
        ],
        "weekdays": [
            ["lunes"], ["martes"], ["miércoles", "miercoles"], ["jueves"], ["viernes"], ["sábado", "sabado"],
            ["domingo"],
        ],
    },
    "it": {
        "months": [
            ["gennaio"], ["febbraio"], ["marzo"], ["aprile"], ["maggio"], ["giugno"], ["luglio"], ["agosto"],
            ["settembre"], ["ottobre"], ["novembre"], ["dicembre"],
        ],
        "weekdays": [
            ["lunedì", "lunedi"], ["martedì", "martedi"], ["mercoledì", "mercoledi"], ["giovedì", "giovedi"],
            ["venerdì", "venerdi"], ["sabato"], ["domenica"],
        ],
    },
    "pt": {
        "months": [
            ["janeiro"], ["fevereiro"], ["março", "marco"], ["abril"], ["maio"], ["junho"], ["julho"],
            ["agosto"], ["setembro"], ["outubro"], ["novembro"], ["dezembro"],
        ],
        "weekdays": [
            ["segunda-feira"], ["terça-feira", "terca-feira"], ["quarta-feira"], ["quinta-feira"],
            ["sexta-feira"], ["sábado", "sabado"], ["domingo"],
        ],
    },
    "ru": {
        "months": [
            ["январь", "января"], ["февраль", "февраля"], ["март", "марта"], ["апрель", "апреля"],
            ["май", "мая"], ["июнь", "июня"], ["июль", "июля"], ["август", "августа"],
            ["сентябрь", "сентября"], ["октябрь", "октября"], ["ноябрь", "ноября"], ["декабрь", "декабря"],
        ],
        "weekdays": [
            ["понедельник"], ["вторник"], ["среда", "среду"], ["четверг"], ["пятница", "пятницу"],
            ["суббота", "субботу"], ["воскресенье"],
        ],
    },
}
