"""Uzbek (Latin) for the msgids of Django and allauth that their own Uzbek catalogues leave empty.

Keys are msgids (a `(msgctxt, msgid)` pair when there is a context); a value is the translation, or a tuple of
plural forms. Apostrophes: ʻ (U+02BB) in oʻ gʻ, ʼ (U+02BC) for the tutuq belgisi.
"""

MANUAL = {
    # django (core): forms, validation, languages
    "Central Kurdish (Sorani)": "Markaziy kurd (sorani)",
    "Malay": "Malay",
    "Uyghur": "Uygʻur",
    "…": "…",
    "Ensure this value is a multiple of step size %(limit_value)s.": (
        "Bu qiymat %(limit_value)s qadamiga karrali boʻlishi kerak."
    ),
    "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, "
    "%(valid_value1)s, %(valid_value2)s, and so on.": (
        "Bu qiymat %(offset)s dan boshlab %(limit_value)s qadamiga karrali boʻlishi kerak, masalan: %(offset)s, "
        "%(valid_value1)s, %(valid_value2)s va hokazo."
    ),
    "Constraint “%(name)s” is violated.": "“%(name)s” cheklovi buzildi.",
    "String (unlimited)": "Satr (cheklanmagan)",
    "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to "
    "file a bug report if the issue persists.": (
        "ManagementForm maʼlumotlari yoʻq yoki oʻzgartirilgan. Yetishmayotgan maydonlar: %(field_names)s. Muammo "
        "takrorlansa, xato haqida xabar bering."
    ),
    "Please submit at most %(num)d form.": (
        "Iltimos, koʻpi bilan %(num)d ta shakl yuboring.",
        "Iltimos, koʻpi bilan %(num)d ta shakl yuboring.",
    ),
    "Please submit at least %(num)d form.": (
        "Iltimos, kamida %(num)d ta shakl yuboring.",
        "Iltimos, kamida %(num)d ta shakl yuboring.",
    ),
    "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web "
    "browser, but none was sent. This header is required for security reasons, to ensure that your browser is "
    "not being hijacked by third parties.": (
        "Bu xabarni koʻryapsiz, chunki ushbu HTTPS sayt brauzeringizdan “Referer sarlavhasi”ni yuborishni talab "
        "qiladi, lekin u yuborilmadi. Bu sarlavha xavfsizlik uchun kerak: brauzeringizni uchinchi shaxslar "
        "egallab olmaganiga ishonch hosil qilish uchun."
    ),
    # django.contrib.auth: fields, password rules, pages
    "Old password": "Eski parol",
    "Password (again)": "Parol (takroran)",
    "algorithm": "algoritm",
    "iterations": "iteratsiyalar",
    "salt": "tuz",
    "hash": "xesh",
    "variety": "turi",
    "version": "versiya",
    "memory cost": "xotira sarfi",
    "time cost": "vaqt sarfi",
    "parallelism": "parallellik",
    "work factor": "ish omili",
    "checksum": "nazorat yigʻindisi",
    "name": "nomi",
    "content type": "kontent turi",
    "codename": "kod nomi",
    "permission": "ruxsat",
    "permissions": "ruxsatlar",
    "group": "guruh",
    "groups": "guruhlar",
    "superuser status": "superfoydalanuvchi maqomi",
    "Designates that this user has all permissions without explicitly assigning them.": (
        "Bu foydalanuvchiga barcha ruxsatlar alohida berilmasdan beriladi."
    ),
    "The groups this user belongs to. A user will get all permissions granted to each of their groups.": (
        "Foydalanuvchi aʼzo boʻlgan guruhlar. Foydalanuvchi har bir guruhiga berilgan barcha ruxsatlarni oladi."
    ),
    "user permissions": "foydalanuvchi ruxsatlari",
    "Specific permissions for this user.": "Bu foydalanuvchining alohida ruxsatlari.",
    "username": "foydalanuvchi nomi",
    "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.": (
        "Majburiy. Koʻpi bilan 150 ta belgi. Faqat harflar, raqamlar va @/./+/-/_."
    ),
    "A user with that username already exists.": "Bunday nomli foydalanuvchi allaqachon mavjud.",
    "first name": "ism",
    "last name": "familiya",
    "email address": "elektron pochta manzili",
    "staff status": "xodim maqomi",
    "Designates whether the user can log into this admin site.": (
        "Foydalanuvchi ushbu boshqaruv saytiga kira oladimi yoki yoʻqligini belgilaydi."
    ),
    "active": "faol",
    "Designates whether this user should be treated as active. Unselect this instead of deleting accounts.": (
        "Foydalanuvchi faol deb hisoblanadimi. Hisobni oʻchirish oʻrniga shu belgini olib tashlang."
    ),
    "date joined": "qoʻshilgan sana",
    "user": "foydalanuvchi",
    "users": "foydalanuvchilar",
    "This password is too short. It must contain at least %(min_length)d character.": (
        "Bu parol juda qisqa. U kamida %(min_length)d ta belgidan iborat boʻlishi kerak.",
        "Bu parol juda qisqa. U kamida %(min_length)d ta belgidan iborat boʻlishi kerak.",
    ),
    "Your password must contain at least %(min_length)d character.": (
        "Parolingiz kamida %(min_length)d ta belgidan iborat boʻlishi kerak.",
        "Parolingiz kamida %(min_length)d ta belgidan iborat boʻlishi kerak.",
    ),
    "The password is too similar to the %(verbose_name)s.": "Parol “%(verbose_name)s” maydoniga juda oʻxshash.",
    "Your password can’t be too similar to your other personal information.": (
        "Parolingiz boshqa shaxsiy maʼlumotlaringizga juda oʻxshash boʻlmasligi kerak."
    ),
    "This password is too common.": "Bu parol juda keng tarqalgan.",
    "Your password can’t be a commonly used password.": "Parolingiz keng tarqalgan parol boʻlmasligi kerak.",
    "This password is entirely numeric.": "Bu parol faqat raqamlardan iborat.",
    "Your password can’t be entirely numeric.": "Parolingiz faqat raqamlardan iborat boʻlmasligi kerak.",
    "Password reset on %(site_name)s": "%(site_name)s saytida parolni tiklash",
    "Enter a valid username. This value may contain only English letters, numbers, and @/./+/-/_ characters.": (
        "Toʻgʻri foydalanuvchi nomini kiriting. U faqat lotin harflari, raqamlar va @/./+/-/_ belgilaridan iborat "
        "boʻlishi mumkin."
    ),
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.": (
        "Toʻgʻri foydalanuvchi nomini kiriting. U faqat harflar, raqamlar va @/./+/-/_ belgilaridan iborat "
        "boʻlishi mumkin."
    ),
    "Logged out": "Tizimdan chiqildi",
    "Password reset": "Parolni tiklash",
    "Password reset sent": "Parolni tiklash havolasi yuborildi",
    "Enter new password": "Yangi parolni kiriting",
    "Password reset unsuccessful": "Parolni tiklab boʻlmadi",
    "Password reset complete": "Parol tiklandi",
    "Password change": "Parolni oʻzgartirish",
    "Password change successful": "Parol oʻzgartirildi",
    # django.contrib.admin
    "LogEntry Object": "Jurnal yozuvi",
    "Added {name} “{object}”.": "{name} “{object}” qoʻshildi.",
    "Added.": "Qoʻshildi.",
    "Changed {fields} for {name} “{object}”.": "{name} “{object}”: {fields} oʻzgartirildi.",
    "Changed {fields}.": "{fields} oʻzgartirildi.",
    "Deleted {name} “{object}”.": "{name} “{object}” oʻchirildi.",
    "No fields changed.": "Hech bir maydon oʻzgartirilmadi.",
    "Hold down “Control”, or “Command” on a Mac, to select more than one.": (
        "Bir nechtasini tanlash uchun “Control” (Macʼda “Command”) tugmasini bosib turing."
    ),
    "Select this object for an action - {}": "Bu obyektni amal uchun tanlash – {}",
    "The {name} “{obj}” was added successfully.": "{name} “{obj}” qoʻshildi.",
    "You may edit it again below.": "Uni quyida yana tahrirlashingiz mumkin.",
    "The {name} “{obj}” was added successfully. You may add another {name} below.": (
        "{name} “{obj}” qoʻshildi. Quyida yana bitta {name} qoʻshishingiz mumkin."
    ),
    "The {name} “{obj}” was changed successfully. You may edit it again below.": (
        "{name} “{obj}” oʻzgartirildi. Uni quyida yana tahrirlashingiz mumkin."
    ),
    "The {name} “{obj}” was added successfully. You may edit it again below.": (
        "{name} “{obj}” qoʻshildi. Uni quyida yana tahrirlashingiz mumkin."
    ),
    "The {name} “{obj}” was changed successfully. You may add another {name} below.": (
        "{name} “{obj}” oʻzgartirildi. Quyida yana bitta {name} qoʻshishingiz mumkin."
    ),
    "Items must be selected in order to perform actions on them. No items have been changed.": (
        "Amal bajarish uchun yozuvlarni tanlash kerak. Hech narsa oʻzgartirilmadi."
    ),
    "No action selected.": "Amal tanlanmagan.",
    "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?": (
        "“%(key)s” IDli %(name)s topilmadi. Balki u oʻchirilgandir?"
    ),
    "%(count)s %(name)s was changed successfully.": (
        "%(count)s ta %(name)s oʻzgartirildi.",
        "%(count)s ta %(name)s oʻzgartirildi.",
    ),
    "%(total_count)s selected": ("%(total_count)s ta tanlandi", "Barcha %(total_count)s ta tanlandi"),
    "0 of %(cnt)s selected": "%(cnt)s tadan 0 tasi tanlandi",
    "Change history: %s": "Oʻzgarishlar tarixi: %s",
    "%(class_name)s %(instance)s": "%(class_name)s %(instance)s",
    "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: "
    "%(related_objects)s": (
        "%(class_name)s %(instance)s ni oʻchirish uchun quyidagi himoyalangan bogʻliq obyektlarni ham oʻchirish "
        "kerak: %(related_objects)s"
    ),
    "Django site admin": "Sayt boshqaruvi",
    "Django administration": "Boshqaruv",
    "Site administration": "Sayt boshqaruvi",
    "Log in": "Kirish",
    "%(app)s administration": "%(app)s boshqaruvi",
    "Page not found": "Sahifa topilmadi",
    "We’re sorry, but the requested page could not be found.": "Kechirasiz, soʻralgan sahifa topilmadi.",
    "Home": "Bosh sahifa",
    "There’s been an error. It’s been reported to the site administrators via email and should be fixed "
    "shortly. Thanks for your patience.": (
        "Xatolik yuz berdi. Bu haqda sayt maʼmurlariga elektron pochta orqali xabar berildi va u tez orada "
        "tuzatiladi. Sabringiz uchun rahmat."
    ),
    "Go": "Bajarish",
    "Click here to select the objects across all pages": "Barcha sahifalardagi obyektlarni tanlash uchun bosing",
    "Select all %(total_count)s %(module_name)s": "Barcha %(total_count)s ta %(module_name)s ni tanlash",
    "Clear selection": "Tanlovni bekor qilish",
    "Breadcrumbs": "Yoʻl koʻrsatkichi",
    "Models in the %(name)s application": "%(name)s ilovasidagi modellar",
    "You don’t have permission to view or edit anything.": "Sizda hech narsani koʻrish yoki tahrirlash huquqi yoʻq.",
    "First, enter a username and password. Then, you’ll be able to edit more user options.": (
        "Avval foydalanuvchi nomi va parolni kiriting. Keyin foydalanuvchining boshqa sozlamalarini tahrirlay olasiz."
    ),
    "Please correct the error below.": ("Iltimos, quyidagi xatoni tuzating.", "Iltimos, quyidagi xatolarni tuzating."),
    "Enter a new password for the user <strong>%(username)s</strong>.": (
        "<strong>%(username)s</strong> foydalanuvchisi uchun yangi parol kiriting."
    ),
    "Skip to main content": "Asosiy mazmunga oʻtish",
    "History": "Tarix",
    "Hide counts": "Sonlarni yashirish",
    "Show counts": "Sonlarni koʻrsatish",
    "Clear all filters": "Barcha filtrlarni tozalash",
    "Sorting priority: %(priority_number)s": "Saralash ustuvorligi: %(priority_number)s",
    "Toggle sorting": "Saralashni almashtirish",
    "Toggle theme (current theme: auto)": "Mavzuni almashtirish (joriy mavzu: avtomatik)",
    "Toggle theme (current theme: light)": "Mavzuni almashtirish (joriy mavzu: yorugʻ)",
    "Toggle theme (current theme: dark)": "Mavzuni almashtirish (joriy mavzu: qorongʻi)",
    "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your account "
    "doesn't have permission to delete the following types of objects:": (
        "%(object_name)s “%(escaped_object)s” oʻchirilsa, bogʻliq obyektlar ham oʻchiriladi, lekin hisobingizda "
        "quyidagi turdagi obyektlarni oʻchirish huquqi yoʻq:"
    ),
    "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related "
    "objects:": (
        "%(object_name)s “%(escaped_object)s” ni oʻchirish uchun quyidagi himoyalangan bogʻliq obyektlarni ham "
        "oʻchirish kerak:"
    ),
    'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related '
    "items will be deleted:": (
        "%(object_name)s “%(escaped_object)s” ni oʻchirishni xohlaysizmi? Quyidagi barcha bogʻliq yozuvlar ham "
        "oʻchiriladi:"
    ),
    "Objects": "Obyektlar",
    "Yes, I’m sure": "Ha, ishonchim komil",
    "No, take me back": "Yoʻq, ortga qaytish",
    "Delete multiple objects": "Bir nechta obyektni oʻchirish",
    "Deleting the selected %(objects_name)s would result in deleting related objects, but your account doesn't "
    "have permission to delete the following types of objects:": (
        "Tanlangan %(objects_name)s oʻchirilsa, bogʻliq obyektlar ham oʻchiriladi, lekin hisobingizda quyidagi "
        "turdagi obyektlarni oʻchirish huquqi yoʻq:"
    ),
    "Deleting the selected %(objects_name)s would require deleting the following protected related objects:": (
        "Tanlangan %(objects_name)s ni oʻchirish uchun quyidagi himoyalangan bogʻliq obyektlarni ham oʻchirish kerak:"
    ),
    "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their "
    "related items will be deleted:": (
        "Tanlangan %(objects_name)s ni oʻchirishni xohlaysizmi? Quyidagi barcha obyektlar va ularga bogʻliq "
        "yozuvlar oʻchiriladi:"
    ),
    " By %(filter_title)s ": " %(filter_title)s boʻyicha ",
    "None available": "Mavjud emas",
    "Added:": "Qoʻshildi:",
    "Changed:": "Oʻzgartirildi:",
    "Deleted:": "Oʻchirildi:",
    "Unknown content": "Nomaʼlum mazmun",
    "Something’s wrong with your database installation. Make sure the appropriate database tables have been "
    "created, and make sure the database is readable by the appropriate user.": (
        "Maʼlumotlar bazasi oʻrnatilishida xatolik bor. Kerakli jadvallar yaratilganini va bazani tegishli "
        "foydalanuvchi oʻqiy olishini tekshiring."
    ),
    "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login "
    "to a different account?": (
        "Siz %(username)s sifatida kirgansiz, lekin bu sahifaga kirish huquqingiz yoʻq. Boshqa hisob bilan "
        "kirishni xohlaysizmi?"
    ),
    "Forgotten your password or username?": "Parol yoki foydalanuvchi nomini unutdingizmi?",
    "Sidebar": "Yon panel",
    "Start typing to filter…": "Filtrlash uchun yozishni boshlang…",
    "Filter navigation items": "Navigatsiya bandlarini filtrlash",
    "Date/time": "Sana/vaqt",
    "User": "Foydalanuvchi",
    "Action": "Amal",
    "entry": ("yozuv", "yozuv"),
    "This object doesn’t have a change history. It probably wasn’t added via this admin site.": (
        "Bu obyektning oʻzgarishlar tarixi yoʻq. Ehtimol, u ushbu boshqaruv sayti orqali qoʻshilmagan."
    ),
    "Show all": "Hammasini koʻrsatish",
    "Popup closing…": "Oyna yopilmoqda…",
    "%(counter)s result": ("%(counter)s ta natija", "%(counter)s ta natija"),
    "%(full_result_count)s total": "jami %(full_result_count)s ta",
    "Save as new": "Yangi sifatida saqlash",
    "Save and add another": "Saqlash va yana qoʻshish",
    "Save and continue editing": "Saqlash va tahrirlashni davom ettirish",
    "Save and view": "Saqlash va koʻrish",
    "Close": "Yopish",
    "Change selected %(model)s": "Tanlangan %(model)sni oʻzgartirish",
    "Add another %(model)s": "Yana %(model)s qoʻshish",
    "Delete selected %(model)s": "Tanlangan %(model)sni oʻchirish",
    "View selected %(model)s": "Tanlangan %(model)sni koʻrish",
    "Thanks for spending some quality time with the web site today.": "Bugun sayt bilan ishlaganingiz uchun rahmat.",
    "Log in again": "Qayta kirish",
    "Your password was changed.": "Parolingiz oʻzgartirildi.",
    "Please enter your old password, for security’s sake, and then enter your new password twice so we can "
    "verify you typed it in correctly.": (
        "Xavfsizlik uchun eski parolingizni, soʻng yangi parolni toʻgʻri yozilganini tekshirishimiz uchun ikki "
        "marta kiriting."
    ),
    "Change my password": "Parolimni oʻzgartirish",
    "Your password has been set.  You may go ahead and log in now.": "Parolingiz oʻrnatildi. Endi kirishingiz mumkin.",
    "Password reset confirmation": "Parolni tiklashni tasdiqlash",
    "Please enter your new password twice so we can verify you typed it in correctly.": (
        "Yangi parolni toʻgʻri yozilganini tekshirishimiz uchun ikki marta kiriting."
    ),
    "New password:": "Yangi parol:",
    "Confirm password:": "Parolni tasdiqlang:",
    "The password reset link was invalid, possibly because it has already been used.  Please request a new "
    "password reset.": (
        "Parolni tiklash havolasi yaroqsiz, ehtimol u allaqachon ishlatilgan. Iltimos, parolni tiklashni qaytadan "
        "soʻrang."
    ),
    "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. "
    "You should receive them shortly.": (
        "Agar siz kiritgan elektron pochta bilan hisob mavjud boʻlsa, parol oʻrnatish boʻyicha koʻrsatmalarni "
        "yubordik. Ular tez orada keladi."
    ),
    "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check "
    "your spam folder.": (
        "Xat kelmasa, roʻyxatdan oʻtgan manzilingizni kiritganingizni tekshiring va “Spam” jildiga qarang."
    ),
    "You're receiving this email because you requested a password reset for your user account at %(site_name)s.": (
        "Bu xatni %(site_name)s saytidagi hisobingiz parolini tiklashni soʻraganingiz uchun olyapsiz."
    ),
    "Please go to the following page and choose a new password:": "Quyidagi sahifaga oʻting va yangi parol tanlang:",
    "Your username, in case you’ve forgotten:": "Unutgan boʻlsangiz, foydalanuvchi nomingiz:",
    "Thanks for using our site!": "Saytimizdan foydalanganingiz uchun rahmat!",
    "The %(site_name)s team": "%(site_name)s jamoasi",
    "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one.": (
        "Parolingizni unutdingizmi? Elektron pochta manzilingizni kiriting, yangi parol oʻrnatish boʻyicha "
        "koʻrsatmalarni yuboramiz."
    ),
    "Email address:": "Elektron pochta manzili:",
    "Select all objects on this page for an action": "Bu sahifadagi barcha obyektlarni amal uchun tanlash",
    "Select %s to change": "Oʻzgartirish uchun %s ni tanlang",
    "Select %s to view": "Koʻrish uchun %s ni tanlang",
}
