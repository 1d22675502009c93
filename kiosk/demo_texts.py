"""What the demo office's services help with and what to bring, in every offered language.

The demo is what people see first, so its feed carries these texts in all
twelve languages, as a city's feed should (German terms a visitor will meet on
letters, like "Bürgergeld", stay in brackets). Written with care; like the
gettext catalogs, they await review by native speakers.
"""

from __future__ import annotations

# No-break spaces keep a phone number on one line, and in Arabic and Persian
# text they keep its groups in reading order (the bidi algorithm treats a
# no-break space between digits as part of the number, a space not).
PHONE = "0231\u00a0123\u00a0456"

OFFICE_INFO = {
    "de": f"Quartiersbüro Nordstadt · Tel. {PHONE} · Beratung kostenlos und vertraulich",
    "en": f"Nordstadt neighbourhood office · phone {PHONE} · free and confidential advice",
    "tr": f"Nordstadt Mahalle Bürosu · Tel. {PHONE} · Danışmanlık ücretsiz ve gizlidir",
    "ar": f"مكتب حي نوردشتات · هاتف {PHONE} · الاستشارة مجانية وسرية",
    "uk": f"Офіс району Нордштадт · тел. {PHONE} · консультації безкоштовні й конфіденційні",
    "ru": f"Районный офис Нордштадт · тел. {PHONE} · консультации бесплатные и конфиденциальные",
    "pl": f"Biuro dzielnicy Nordstadt · tel. {PHONE} · porady bezpłatne i poufne",
    "ro": f"Biroul de cartier Nordstadt · tel. {PHONE} · consiliere gratuită și confidențială",
    "bg": f"Квартален офис Нордщат · тел. {PHONE} · консултациите са безплатни и поверителни",
    "fa": f"دفتر محلهٔ نوردشتات · تلفن {PHONE} · مشاوره رایگان و محرمانه است",
    "ku": f"Nivîsgeha taxê Nordstadt · Tel. {PHONE} · Şêwirmendî belaş û veşartî ye",
    "de-easy": f"Quartiersbüro Nordstadt · Telefon: {PHONE} · "
    "Die Beratung kostet nichts. Wir erzählen nichts weiter.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "jobcenter": {
        "de": "Fragen zum Bürgergeld, zu Anträgen, Briefen vom Jobcenter und zur Arbeitssuche.",
        "en": "Questions about citizen's benefit, applications, letters from the job centre "
        "and finding work.",
        "tr": "Vatandaşlık parası (Bürgergeld), başvurular, Jobcenter’dan gelen mektuplar ve iş arama "
        "ile ilgili sorular.",
        "ar": "أسئلة حول إعانة المواطن (Bürgergeld)، والطلبات، والرسائل من مركز العمل، والبحث عن عمل.",
        "uk": "Питання про громадянську допомогу (Bürgergeld), заяви, листи від Джобцентру та пошук роботи.",
        "ru": "Вопросы о гражданском пособии (Bürgergeld), заявлениях, письмах из Джобцентра "
        "и поиске работы.",
        "pl": "Pytania o zasiłek obywatelski (Bürgergeld), wnioski, listy z Jobcenter i szukanie pracy.",
        "ro": "Întrebări despre venitul cetățenesc (Bürgergeld), cereri, scrisori de la Jobcenter "
        "și căutarea unui loc de muncă.",
        "bg": "Въпроси за гражданската помощ (Bürgergeld), заявления, писма от Джобцентъра "
        "и търсене на работа.",
        "fa": "پرسش‌ها دربارهٔ کمک‌هزینهٔ شهروندی (Bürgergeld)، درخواست‌ها، نامه‌های جاب‌سنتر و کاریابی.",
        "ku": "Pirsên li ser alîkariya welatiyan (Bürgergeld), serlêdan, nameyên ji Jobcenterê "
        "û lêgerîna kar.",
        "de-easy": "Sie haben Fragen zum Bürgergeld? Sie haben einen Brief vom Jobcenter bekommen? "
        "Sie suchen Arbeit? Hier bekommen Sie Hilfe.",
    },
    "schulden": {
        "de": "Hilfe bei Mahnungen, Inkasso, Pfändung und beim Weg aus den Schulden.",
        "en": "Help with reminders, debt collectors, seizure of wages and the way out of debt.",
        "tr": "İhtarnameler, icra takibi, haciz ve borçtan kurtulma yolunda yardım.",
        "ar": "مساعدة في رسائل التذكير بالدفع، وشركات تحصيل الديون، والحجز على الأجور، "
        "وفي طريق الخروج من الديون.",
        "uk": "Допомога з нагадуваннями про оплату, колекторами, арештом зарплати та на шляху "
        "до життя без боргів.",
        "ru": "Помощь с напоминаниями об оплате, коллекторами, арестом зарплаты и на пути "
        "к жизни без долгов.",
        "pl": "Pomoc przy upomnieniach, windykacji, zajęciu wynagrodzenia i w wychodzeniu z długów.",
        "ro": "Ajutor cu somații de plată, firme de recuperare a datoriilor, popriri și ieșirea din datorii.",
        "bg": "Помощ при напомняния за плащане, събирачи на дългове, запор и пътя към живот без дългове.",
        "fa": "کمک در مورد اخطارهای پرداخت، شرکت‌های وصول مطالبات، توقیف حقوق و راه رهایی از بدهی.",
        "ku": "Alîkarî ji bo hişyariyên dayînê, şirketên berhevkirina deynan, desteserkirina mûçeyê "
        "û riya derketina ji deynan.",
        "de-easy": "Sie haben Schulden? Sie bekommen Mahnungen? Wir helfen Ihnen. "
        "Wir suchen zusammen einen Weg aus den Schulden.",
    },
    "migration": {
        "de": "Aufenthalt, Sprachkurse, Anerkennung von Abschlüssen, Familiennachzug.",
        "en": "Residence, language courses, recognition of qualifications, family reunion.",
        "tr": "Oturum, dil kursları, diplomaların tanınması, aile birleşimi.",
        "ar": "الإقامة، دورات اللغة، الاعتراف بالشهادات، لمّ شمل الأسرة.",
        "uk": "Перебування, мовні курси, визнання дипломів, возз’єднання сім’ї.",
        "ru": "Пребывание, языковые курсы, признание дипломов, воссоединение семьи.",
        "pl": "Pobyt, kursy językowe, uznawanie dyplomów, łączenie rodzin.",
        "ro": "Șederea, cursuri de limbă, recunoașterea diplomelor, reîntregirea familiei.",
        "bg": "Пребиваване, езикови курсове, признаване на дипломи, събиране на семейството.",
        "fa": "اقامت، کلاس‌های زبان، ارزشیابی مدارک تحصیلی، پیوستن خانواده.",
        "ku": "Mayîn, qursên zimên, naskirina bawernameyan, gihandina malbatê.",
        "de-easy": "Fragen zum Aufenthalt. Deutsch-Kurse. Ihr Beruf oder Ihre Schule aus einem "
        "anderen Land. Ihre Familie soll nach Deutschland kommen.",
    },
    "rente": {
        "de": "Rentenantrag, Versicherungsverlauf, Erwerbsminderung, Reha.",
        "en": "Pension applications, insurance record, reduced earning capacity, rehabilitation.",
        "tr": "Emeklilik başvurusu, sigorta geçmişi, çalışma gücü kaybı, rehabilitasyon.",
        "ar": "طلب التقاعد، سجل التأمين، نقص القدرة على العمل، إعادة التأهيل.",
        "uk": "Заява на пенсію, страховий стаж, втрата працездатності, реабілітація.",
        "ru": "Заявление на пенсию, страховой стаж, потеря трудоспособности, реабилитация.",
        "pl": "Wniosek o emeryturę, przebieg ubezpieczenia, niezdolność do pracy, rehabilitacja.",
        "ro": "Cererea de pensie, istoricul asigurării, capacitate de muncă redusă, recuperare medicală.",
        "bg": "Заявление за пенсия, осигурителен стаж, намалена работоспособност, рехабилитация.",
        "fa": "درخواست بازنشستگی، سابقهٔ بیمه، کاهش توان کار، توانبخشی.",
        "ku": "Serlêdana teqawidiyê, dîroka sîgorteyê, kêmbûna şiyana kar, rehabîlîtasyon.",
        "de-easy": "Sie möchten Rente bekommen? Sie können nicht mehr gut arbeiten? "
        "Sie brauchen eine Kur? Hier bekommen Sie Hilfe.",
    },
    "jugendamt": {
        "de": "Erziehungsfragen, Unterhalt, Kita, Hilfe für Familien in schwierigen Zeiten.",
        "en": "Parenting questions, child support, day care, help for families in difficult times.",
        "tr": "Çocuk eğitimi soruları, nafaka, kreş, zor zamanlarda ailelere yardım.",
        "ar": "أسئلة تربية الأطفال، النفقة، الحضانة، مساعدة الأسر في الأوقات الصعبة.",
        "uk": "Питання виховання, аліменти, дитячий садок, допомога сім’ям у скрутні часи.",
        "ru": "Вопросы воспитания, алименты, детский сад, помощь семьям в трудные времена.",
        "pl": "Wychowanie, alimenty, żłobek i przedszkole, pomoc dla rodzin w trudnych chwilach.",
        "ro": "Întrebări despre educația copiilor, pensie alimentară, grădiniță, ajutor pentru familii "
        "în momente grele.",
        "bg": "Въпроси за възпитанието, издръжка, детска градина, помощ за семейства в трудни времена.",
        "fa": "پرسش‌های تربیتی، نفقه، مهدکودک، کمک به خانواده‌ها در روزهای سخت.",
        "ku": "Pirsên perwerdeya zarokan, nefeqe, kreş, alîkarî ji malbatan re di demên dijwar de.",
        "de-easy": "Fragen zur Erziehung von Kindern. Geld für die Kinder. Ein Platz in der Kita. "
        "Hilfe, wenn es in der Familie schwer ist.",
    },
    "senioren": {
        "de": "Pflege, Wohnen im Alter, Grundsicherung, Hilfe im Alltag.",
        "en": "Care, housing in old age, basic income support, help with everyday life.",
        "tr": "Bakım, yaşlılıkta konut, temel gelir desteği, günlük yaşamda yardım.",
        "ar": "الرعاية، السكن في سن الشيخوخة، الإعانة الأساسية، المساعدة في الحياة اليومية.",
        "uk": "Догляд, житло в літньому віці, базове соціальне забезпечення, допомога в повсякденні.",
        "ru": "Уход, жильё в пожилом возрасте, базовое социальное обеспечение, помощь в быту.",
        "pl": "Opieka, mieszkanie na starość, zabezpieczenie podstawowe, pomoc w codziennym życiu.",
        "ro": "Îngrijire, locuința la bătrânețe, venitul minim garantat, ajutor în viața de zi cu zi.",
        "bg": "Грижа, жилище в напреднала възраст, основно социално осигуряване, помощ в ежедневието.",
        "fa": "پرستاری و مراقبت، مسکن در سالمندی، کمک‌هزینهٔ پایه، کمک در زندگی روزمره.",
        "ku": "Lênêrîn, xanî di pîrbûnê de, piştgiriya bingehîn, alîkarî di jiyana rojane de.",
        "de-easy": "Sie sind alt und brauchen Pflege? Sie suchen eine Wohnung für das Alter? "
        "Sie haben wenig Geld? Wir helfen Ihnen im Alltag.",
    },
    "sucht": {
        "de": "Anonyme Beratung zu Alkohol, Drogen, Glücksspiel – auch für Angehörige.",
        "en": "Anonymous advice on alcohol, drugs and gambling – for relatives too.",
        "tr": "Alkol, uyuşturucu ve kumar konusunda isimsiz danışmanlık – yakınlar için de.",
        "ar": "استشارة دون ذكر الاسم حول الكحول والمخدرات والقمار – للأقارب أيضًا.",
        "uk": "Анонімна консультація щодо алкоголю, наркотиків, азартних ігор – також для рідних.",
        "ru": "Анонимная консультация по алкоголю, наркотикам, азартным играм – и для близких.",
        "pl": "Anonimowe porady w sprawie alkoholu, narkotyków i hazardu – także dla bliskich.",
        "ro": "Consiliere anonimă despre alcool, droguri, jocuri de noroc – și pentru apropiați.",
        "bg": "Анонимна консултация за алкохол, наркотици, хазарт – и за близките.",
        "fa": "مشاورهٔ بی‌نام دربارهٔ الکل، مواد مخدر و قمار – برای خانواده‌ها هم.",
        "ku": "Şêwirmendiya bênav li ser alkol, madeyên hişbir û qumarê – ji bo xizman jî.",
        "de-easy": "Sie trinken zu viel Alkohol? Sie nehmen Drogen? Sie spielen um Geld und können "
        "nicht aufhören? Wir helfen Ihnen. Auch Ihrer Familie.",
    },
    "antidiskriminierung": {
        "de": "Wenn Sie bei Wohnung, Arbeit oder Behörden benachteiligt wurden.",
        "en": "If you were treated unfairly when looking for a flat, at work or by an authority.",
        "tr": "Konut ararken, işte veya resmî dairelerde ayrımcılığa uğradıysanız.",
        "ar": "إذا تعرّضت للتمييز عند البحث عن سكن أو في العمل أو لدى الدوائر الرسمية.",
        "uk": "Якщо з вами повелися несправедливо під час пошуку житла, на роботі чи в установах.",
        "ru": "Если с вами обошлись несправедливо при поиске жилья, на работе или в ведомствах.",
        "pl": "Przy dyskryminacji w sprawie mieszkania, w pracy lub w urzędzie.",
        "ro": "Când ați trăit discriminare la locuință, la muncă sau la autorități.",
        "bg": "Ако сте били дискриминирани при търсене на жилище, на работа или от институции.",
        "fa": "اگر در پیدا کردن خانه، در کار یا در اداره‌ها با شما تبعیض‌آمیز رفتار شده است.",
        "ku": "Heke li ser xanî, di kar de an li dezgehên fermî cudakarî li we hatibe kirin.",
        "de-easy": "Sie werden unfair behandelt? Zum Beispiel bei der Wohnungs-Suche, bei der Arbeit "
        "oder auf dem Amt? Wir helfen Ihnen.",
    },
}

WHAT_TO_BRING: dict[str, dict[str, str]] = {
    "jobcenter": {
        "de": "Ausweis, Briefe vom Jobcenter, Kontoauszüge der letzten drei Monate",
        "en": "ID, letters from the job centre, bank statements of the last three months",
        "tr": "Kimlik, Jobcenter’dan gelen mektuplar, son üç ayın banka hesap dökümleri",
        "ar": "بطاقة الهوية، الرسائل من مركز العمل، كشوف الحساب البنكي لآخر ثلاثة أشهر",
        "uk": "Посвідчення особи, листи від Джобцентру, банківські виписки за останні три місяці",
        "ru": "Удостоверение личности, письма из Джобцентра, банковские выписки за последние три месяца",
        "pl": "Dowód tożsamości, listy z Jobcenter, wyciągi z konta z ostatnich trzech miesięcy",
        "ro": "Act de identitate, scrisori de la Jobcenter, extrase de cont din ultimele trei luni",
        "bg": "Лична карта, писма от Джобцентъра, банкови извлечения за последните три месеца",
        "fa": "کارت شناسایی، نامه‌های جاب‌سنتر، صورت‌حساب‌های بانکی سه ماه گذشته",
        "ku": "Nasname, nameyên ji Jobcenterê, daxuyaniyên hesabê bankê yên sê mehên dawî",
        "de-easy": "Ihren Ausweis. Die Briefe vom Jobcenter. Die Konto-Auszüge von den letzten 3 Monaten.",
    },
    "schulden": {
        "de": "Ausweis, Mahnungen und Briefe von Gläubigern, Einkommensnachweise",
        "en": "ID, reminders and letters from creditors, proof of income",
        "tr": "Kimlik, ihtarnameler ve alacaklılardan gelen mektuplar, gelir belgeleri",
        "ar": "بطاقة الهوية، رسائل التذكير بالدفع ورسائل الدائنين، إثباتات الدخل",
        "uk": "Посвідчення особи, нагадування про оплату й листи від кредиторів, підтвердження доходу",
        "ru": "Удостоверение личности, напоминания об оплате и письма от кредиторов, подтверждения дохода",
        "pl": "Dowód tożsamości, upomnienia i listy od wierzycieli, zaświadczenia o dochodach",
        "ro": "Act de identitate, somații și scrisori de la creditori, dovezi de venit",
        "bg": "Лична карта, напомняния и писма от кредитори, доказателства за доходи",
        "fa": "کارت شناسایی، اخطارها و نامه‌های طلبکاران، مدارک درآمد",
        "ku": "Nasname, hişyarî û nameyên deyndaran, belgeyên dahatê",
        "de-easy": "Ihren Ausweis. Die Mahnungen und Briefe wegen der Schulden. "
        "Papiere über Ihr Geld: zum Beispiel die Lohn-Abrechnung.",
    },
    "migration": {
        "de": "Pass oder Aufenthaltstitel, Briefe von Behörden",
        "en": "Passport or residence permit, letters from authorities",
        "tr": "Pasaport veya oturum izni, resmî dairelerden gelen mektuplar",
        "ar": "جواز السفر أو تصريح الإقامة، رسائل من الدوائر الرسمية",
        "uk": "Паспорт або дозвіл на перебування, листи від установ",
        "ru": "Паспорт или вид на жительство, письма от ведомств",
        "pl": "Paszport lub dokument pobytowy, listy z urzędów",
        "ro": "Pașaport sau permis de ședere, scrisori de la autorități",
        "bg": "Паспорт или разрешение за пребиваване, писма от институции",
        "fa": "گذرنامه یا اجازهٔ اقامت، نامه‌های اداره‌ها",
        "ku": "Pasaport an destûra mayînê, nameyên ji dezgehên fermî",
        "de-easy": "Ihren Pass oder Ihren Aufenthalts-Titel. Die Briefe von den Ämtern.",
    },
    "rente": {
        "de": "Ausweis, Rentenversicherungsnummer, Briefe der Rentenversicherung",
        "en": "ID, pension insurance number, letters from the pension insurance",
        "tr": "Kimlik, emeklilik sigortası numarası, emeklilik sigortasından gelen mektuplar",
        "ar": "بطاقة الهوية، رقم التأمين التقاعدي، رسائل من هيئة التأمين التقاعدي",
        "uk": "Посвідчення особи, номер пенсійного страхування, листи від пенсійного страхування",
        "ru": "Удостоверение личности, номер пенсионного страхования, письма из пенсионного страхования",
        "pl": "Dowód tożsamości, numer ubezpieczenia emerytalnego, listy z ubezpieczenia emerytalnego",
        "ro": "Act de identitate, numărul de asigurare de pensie, scrisori de la casa de pensii",
        "bg": "Лична карта, номер на пенсионното осигуряване, писма от пенсионното осигуряване",
        "fa": "کارت شناسایی، شمارهٔ بیمهٔ بازنشستگی، نامه‌های بیمهٔ بازنشستگی",
        "ku": "Nasname, hejmara sîgorteya teqawidiyê, nameyên sîgorteya teqawidiyê",
        "de-easy": "Ihren Ausweis. Ihre Renten-Versicherungs-Nummer. Die Briefe von der Renten-Versicherung.",
    },
    "jugendamt": {
        "de": "Ausweis, Geburtsurkunden der Kinder, Briefe vom Jugendamt",
        "en": "ID, children's birth certificates, letters from the youth welfare office",
        "tr": "Kimlik, çocukların doğum belgeleri, Jugendamt’tan gelen mektuplar",
        "ar": "بطاقة الهوية، شهادات ميلاد الأطفال، رسائل من مكتب رعاية الشباب",
        "uk": "Посвідчення особи, свідоцтва про народження дітей, листи від служби у справах дітей",
        "ru": "Удостоверение личности, свидетельства о рождении детей, письма из ведомства по делам молодёжи",
        "pl": "Dowód tożsamości, akty urodzenia dzieci, listy z urzędu ds. młodzieży",
        "ro": "Act de identitate, certificatele de naștere ale copiilor, "
        "scrisori de la oficiul pentru tineret",
        "bg": "Лична карта, удостоверения за раждане на децата, писма от службата за младежта",
        "fa": "کارت شناسایی، شناسنامه یا گواهی تولد فرزندان، نامه‌های اداره جوانان",
        "ku": "Nasname, belgeyên jidayikbûnê yên zarokan, nameyên ji nivîsgeha ciwanan",
        "de-easy": "Ihren Ausweis. Die Geburts-Urkunden von den Kindern. Die Briefe vom Jugendamt.",
    },
    "senioren": {
        "de": "Ausweis, Bescheide der Pflegekasse",
        "en": "ID, decisions of the care insurance",
        "tr": "Kimlik, bakım sigortasından gelen kararlar",
        "ar": "بطاقة الهوية، قرارات صندوق تأمين الرعاية",
        "uk": "Посвідчення особи, рішення каси страхування догляду",
        "ru": "Удостоверение личности, решения кассы по страхованию ухода",
        "pl": "Dowód tożsamości, decyzje kasy ubezpieczenia pielęgnacyjnego",
        "ro": "Act de identitate, deciziile casei de asigurări de îngrijire",
        "bg": "Лична карта, решения на фонда за дългосрочни грижи",
        "fa": "کارت شناسایی، تصمیم‌نامه‌های صندوق بیمهٔ پرستاری",
        "ku": "Nasname, biryarên sindoqa sîgorteya lênêrînê",
        "de-easy": "Ihren Ausweis. Die Briefe von der Pflege-Kasse.",
    },
    "sucht": {
        "de": "Nichts – Sie müssen Ihren Namen nicht sagen",
        "en": "Nothing – you need not give your name",
        "tr": "Hiçbir şey – adınızı söylemek zorunda değilsiniz",
        "ar": "لا شيء – لا داعي لذكر اسمك",
        "uk": "Нічого – називати своє ім’я не потрібно",
        "ru": "Ничего – называть своё имя не нужно",
        "pl": "Nic – nie trzeba podawać nazwiska",
        "ro": "Nimic – nu trebuie să vă spuneți numele",
        "bg": "Нищо – не е нужно да казвате името си",
        "fa": "هیچ چیز – لازم نیست نام خود را بگویید",
        "ku": "Tiştek – ne hewce ye hûn navê xwe bibêjin",
        "de-easy": "Nichts. Sie müssen Ihren Namen nicht sagen.",
    },
    "antidiskriminierung": {
        "de": "Was Sie dazu haben: Briefe, Notizen, Fotos",
        "en": "Whatever you have: letters, notes, photos",
        "tr": "Bununla ilgili elinizde ne varsa: mektuplar, notlar, fotoğraflar",
        "ar": "كل ما لديك عن ذلك: رسائل، ملاحظات، صور",
        "uk": "Усе, що маєте про це: листи, нотатки, фото",
        "ru": "Всё, что у вас есть об этом: письма, заметки, фото",
        "pl": "Wszystko w tej sprawie: listy, notatki, zdjęcia",
        "ro": "Tot ce aveți despre asta: scrisori, notițe, fotografii",
        "bg": "Всичко, което имате по въпроса: писма, бележки, снимки",
        "fa": "هر چه در این باره دارید: نامه، یادداشت، عکس",
        "ku": "Çi di vê derbarê de hebe: name, not, wêne",
        "de-easy": "Alles, was Sie dazu haben. Zum Beispiel Briefe, Notizen oder Fotos.",
    },
}
