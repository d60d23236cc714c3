// Text snapshots of rendered screens (trailing blanks trimmed). To update one, run the
// tests and copy the "actual" text from the failure message here after reviewing it.
enum Snapshots {
    static let all: [String: String] = [
        "quarantine-held-120x40": #"""
        Views                   │Held message (auto) — Why held: quarantined: automatic message (Auto-Submitted: auto-replied),…
         Unassigned            0│From: Łucja Żółkiewska <lucja@example.pl>
         Open                  0│Subject: Nieobecność / İzin / 不在
         Pending               0│Date: 2026-11-23 09:00
         Quarantine            1│───────────────────────────────────────────────────────────────────────────────────────────────
         Mine                  0│Dzień dobry, jestem na urlopie do poniedziałku.
         Breaching             0│İyi günler, pazartesiye kadar izindeyim.
         Snoozed               0│月曜日まで不在です。
         All tickets           0│
                                │
        Queues                  │
         Support               0│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │Release into a new ticket? y releases · any other key keeps it
         LIST │ Quarantine │ 1/1 held  Release into a new ticket? Held because: quarantined: automatic message (Auto-Submitted:…
        """#,
        "quarantine-held-80x24": #"""
        Views           │Held message (auto) — Why held: quarantined: automatic message…
         Unassigned    0│From: Łucja Żółkiewska <lucja@example.pl>
         Open          0│Subject: Nieobecność / İzin / 不在
         Pending       0│Date: 2026-11-23 09:00
         Quarantine    1│───────────────────────────────────────────────────────────────
         Mine          0│Dzień dobry, jestem na urlopie do poniedziałku.
         Breaching     0│İyi günler, pazartesiye kadar izindeyim.
         Snoozed       0│月曜日まで不在です。
         All tickets   0│
                        │
        Queues          │
         Support       0│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │Release into a new ticket? y releases · any other key keeps it
         LIST │ Quarantine │ 1/1 held  Release into a new ticket? Held because: quarant…
        """#,
        "filter-line-120x40": #"""
        Views                   │ #       STATUS  PRIO   SLA    CUSTOMER           SUBJECT                                   AGE
         Unassigned            5│ #101    new     high          Ayşe Yılmaz        Kargom nerede? Sipariş #4411               5m
         Open                  4│ #102    open    normal        Łukasz Żółć        Zwrot towaru – źle dobrany rozmiar         2h
         Pending               1│ #103    pending normal        山田太郎           注文した商品が届きません                   1d
         Quarantine            0│ #104    open    low           Åse Ødegård        Bestilling kom ikke frem  [vip]            4d
         All tickets           5│ #105    open    normal        bob@example.com    Where is my refund?                        4w
                                │
        Queues                  │
         Support               5│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
        \  now: Żółć (Enter on an empty line clears it)
        """#,
        "filter-line-80x24": #"""
        Views           │ #       STATUS  PRIO SLA  CUSTOMER     SUBJECT             AGE
         Unassigned    5│ #101    new     high      Ayşe Yılmaz  Kargom nerede? Si…   5m
         Open          4│ #102    open    norm      Łukasz Żółć  Zwrot towaru – źl…   2h
         Pending       1│ #103    pending norm      山田太郎     注文した商品が届…    1d
         Quarantine    0│ #104    open    low       Åse Ødegård  Bestilling kom ik…   4d
         All tickets   5│ #105    open    norm      bob@example… Where is my refun…   4w
                        │
        Queues          │
         Support       5│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
        \  now: Żółć (Enter on an empty line clears it)
        """#,
        "command-line-120x40": #"""
        Views                   │ #       STATUS  PRIO   SLA    CUSTOMER           SUBJECT                                   AGE
         Unassigned            5│ #101    new     high          Ayşe Yılmaz        Kargom nerede? Sipariş #4411               5m
         Open                  4│ #102    open    normal        Łukasz Żółć        Zwrot towaru – źle dobrany rozmiar         2h
         Pending               1│ #103    pending normal        山田太郎           注文した商品が届きません                   1d
         Quarantine            0│ #104    open    low           Åse Ødegård        Bestilling kom ikke frem  [vip]            4d
         All tickets           5│ #105    open    normal        bob@example.com    Where is my refund?                        4w
                                │
        Queues                  │
         Support               5│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
        :tag İade 注文 ważne
        """#,
        "command-line-80x24": #"""
        Views           │ #       STATUS  PRIO SLA  CUSTOMER     SUBJECT             AGE
         Unassigned    5│ #101    new     high      Ayşe Yılmaz  Kargom nerede? Si…   5m
         Open          4│ #102    open    norm      Łukasz Żółć  Zwrot towaru – źl…   2h
         Pending       1│ #103    pending norm      山田太郎     注文した商品が届…    1d
         Quarantine    0│ #104    open    low       Åse Ødegård  Bestilling kom ik…   4d
         All tickets   5│ #105    open    norm      bob@example… Where is my refun…   4w
                        │
        Queues          │
         Support       5│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
        :tag İade 注文 ważne
        """#,
        "help-120x40": #"""
        ┌─ Keys — every key runs a command; type :name too ────────────────────────────────────────────────────────────────────┐
        │                                                                                                                      │
        │ j ↓              down             next ticket / scroll down                                                          │
        │ k ↑              up               previous ticket / scroll up                                                        │
        │ g Home           top              first ticket / top of conversation                                                 │
        │ G End            bottom           last ticket / end of conversation                                                  │
        │ Ctrl-d PgDn      page-down        half a page down                                                                   │
        │ Ctrl-u PgUp      page-up          half a page up                                                                     │
        │ Enter →          open             open the selected ticket                                                           │
        │ q ←              back             back to the list (quit from the list)                                              │
        │ J                next-queue       next queue or view                                                                 │
        │ K                prev-queue       previous queue or view                                                             │
        │ z                toggle-quotes    show or fold quoted lines                                                          │
        │ ?                help             show or hide this help                                                             │
        │ Ctrl-c           quit             quit                                                                               │
        │ R                refresh          reload from the database                                                           │
        │ :                command-line     type a command by name (also :search Q, :filter Q, :save-view NAME, :report [week… │
        │ /                search           find tickets in this list (words, from:, tag:, … — see docs/search.md)             │
        │ n                search-next      next ticket that matches the search                                                │
        │ N                search-prev      previous ticket that matches the search                                            │
        │ \                filter           narrow this list to a search (empty to clear)                                      │
        │ s                status           set the status (:status pending)                                                   │
        │ a                assign           assign to an agent (:assign bob, :assign none)                                     │
        │ A                assign-me        assign to me                                                                       │
        │ p                priority         set the priority (:priority high)                                                  │
        │ +                tag              add a tag (:tag refund)                                                            │
        │ -                untag            remove a tag (:untag vip)                                                          │
        │ u                undo             undo my last change (u again steps back; after a change on marks: on all of them)  │
        │ m                merge            merge this ticket into another (:merge 1042)                                       │
        │ Z                snooze           snooze the ticket (:snooze 2d, :snooze mon 09:00, :snooze off)                     │
        │ Space            mark             mark or unmark the ticket; s a A p + - then change all marked                      │
        │                  clear-marks      clear every mark                                                                   │
        │ }                next-message     next message of the conversation                                                   │
        │ {                prev-message     previous message of the conversation                                               │
        │ w                thread-reasons   show or hide why each message is in the ticket                                     │
        │ S                save-attachments save the message's attachments to ~/Downloads                                      │
        │ o                open-attachment  open an attachment with xdg-open (:open-attachment 2)                              │
        │ (1–35 of 57 · j/k PgDn/PgUp scroll · more below)                                                                     │
        └──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘
         LIST │ All tickets │ 1/5                                                                             ? help  : command
        """#,
        "help-80x24": #"""
        ┌─ Keys — every key runs a command; type :name too ────────────────────────────┐
        │                                                                              │
        │ j ↓              down             next ticket / scroll down                  │
        │ k ↑              up               previous ticket / scroll up                │
        │ g Home           top              first ticket / top of conversation         │
        │ G End            bottom           last ticket / end of conversation          │
        │ Ctrl-d PgDn      page-down        half a page down                           │
        │ Ctrl-u PgUp      page-up          half a page up                             │
        │ Enter →          open             open the selected ticket                   │
        │ q ←              back             back to the list (quit from the list)      │
        │ J                next-queue       next queue or view                         │
        │ K                prev-queue       previous queue or view                     │
        │ z                toggle-quotes    show or fold quoted lines                  │
        │ ?                help             show or hide this help                     │
        │ Ctrl-c           quit             quit                                       │
        │ R                refresh          reload from the database                   │
        │ :                command-line     type a command by name (also :search Q, :… │
        │ /                search           find tickets in this list (words, from:, … │
        │ n                search-next      next ticket that matches the search        │
        │ N                search-prev      previous ticket that matches the search    │
        │ \                filter           narrow this list to a search (empty to cl… │
        │ (1–19 of 57 · j/k PgDn/PgUp scroll · more below)                             │
        └──────────────────────────────────────────────────────────────────────────────┘
         LIST │ All tickets │ 1/5                                     ? help  : command
        """#,
        "conversation-folded": #"""
        Views           │#42 · Support · open · normal · unassigned · Ayşe Yılmaz <ayse…
         Unassigned    1│Kargom nerede?
         Open          1│
         Pending       0│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine    0│Merhaba,
         All tickets   1│siparişim gelmedi.
                        │
        Queues          │◀ Ada · 2026-11-17 11:36
         Support       1│Merhaba Ayşe,
                        │kargonuz yolda.
                        │
                        │[… 3 quoted lines]
                        │Ada
                        │
                        │
         TICKET │ All tickets │ #42 │ 2 messages                      ? help  : command
        """#,
        "list-60x16": #"""
         #       STATUS  PRIO   CUSTOMER     SUBJECT             AGE
         #101    new     high   Ayşe Yılmaz  Kargom nerede? Si…   5m
         #102    open    normal Łukasz Żółć  Zwrot towaru – źl…   2h
         #103    pending normal 山田太郎     注文した商品が届…    1d
         #104    open    low    Åse Ødegård  Bestilling kom ik…   4d
         #105    open    normal bob@example… Where is my refun…   4w









         LIST │ All tickets │ 1/5                 ? help  : command
        """#,
        "list-hostile-subject": #"""
        Views               │ #       STATUS  PRIO SLA  CUSTOMER         SUBJECT                         AGE
         Unassigned        1│ #7      open    norm      Mallory�         Refund␛[2J␛]0;pwned␇ now �gnp…   1h
         Open              1│
         Pending           0│
         Quarantine        0│
         All tickets       1│
                            │
        Queues              │
         Support           1│
                            │
                            │
         LIST │ All tickets │ 1/1                                                         ? help  : command
        """#,
        "list-multilingual-100x12-styles": #"""
        BBBBBBBBBBBBBBBBBBBBDBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
        ....................DRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRD...............................................................................
        ....................D...............................................................................
        BBBBBBBBBBBBBBBBBBBBD...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        """#,
        "list-multilingual-100x12": #"""
        Views               │ #       STATUS  PRIO SLA  CUSTOMER         SUBJECT                         AGE
         Unassigned        5│ #101    new     high      Ayşe Yılmaz      Kargom nerede? Sipariş #4411     5m
         Open              4│ #102    open    norm      Łukasz Żółć      Zwrot towaru – źle dobrany ro…   2h
         Pending           1│ #103    pending norm      山田太郎         注文した商品が届きません         1d
         Quarantine        0│ #104    open    low       Åse Ødegård      Bestilling kom ikke frem         4d
         All tickets       5│ #105    open    norm      bob@example.com  Where is my refund?              4w
                            │
        Queues              │
         Support           5│
                            │
                            │
         LIST │ All tickets │ 1/5                                                         ? help  : command
        """#,
        "conversation-120x40": #"""
        Views                   │#101 · Support · new · high · unassigned · Ayşe Yılmaz
         Unassigned            3│Kargom nerede? Sipariş #4411
         Open                  4│
         Pending               1│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine            0│Merhaba,
         All tickets           5│siparişim TR-40218 hâlâ gelmedi. 山田さんにも聞きました。
                                │
        Queues                  │◀ Ada · 2026-11-17 11:36
         Support               5│Merhaba Ayşe,
                                │kargonuz yolda; Łódź deposundan çıktı.
                                │
                                │[… 2 quoted lines]
                                │
                                │--
                                │Ada · Nordlys Sport
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         TICKET │ All tickets │ #101 │ 2 messages                                                             ? help  : command
        """#,
        "conversation-80x24": #"""
        Views           │#101 · Support · new · high · unassigned · Ayşe Yılmaz
         Unassigned    3│Kargom nerede? Sipariş #4411
         Open          4│
         Pending       1│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine    0│Merhaba,
         All tickets   5│siparişim TR-40218 hâlâ gelmedi. 山田さんにも聞きました。
                        │
        Queues          │◀ Ada · 2026-11-17 11:36
         Support       5│Merhaba Ayşe,
                        │kargonuz yolda; Łódź deposundan çıktı.
                        │
                        │[… 2 quoted lines]
                        │
                        │--
                        │Ada · Nordlys Sport
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         TICKET │ All tickets │ #101 │ 2 messages                     ? help  : command
        """#,
        "list-120x40": #"""
        Views                   │ #       STATUS  PRIO   SLA    CUSTOMER           SUBJECT                       ASSIGNEE    AGE
         Unassigned            3│ #101    new     high   2h     Ayşe Yılmaz        Kargom nerede? Sipariş #4411               5m
         Open                  4│ #102    open    normal -30m   Łukasz Żółć        Zwrot towaru – źle dobrany r… Ada          2h
         Pending               1│ #103    pending normal        山田太郎           注文した商品が届きません      Jonas Berg   1d
         Quarantine            0│ #104    open    low    40m    Åse Ødegård        Bestilling kom ikke frem                   4d
         All tickets           5│ #105    open    normal        bob@example.com    Where is my refund?                        4w
                                │
        Queues                  │
         Support               5│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         LIST │ All tickets │ 1/5                                                                             ? help  : command
        """#,
        "list-80x24": #"""
        Views           │ #       STATUS  PRIO SLA  CUSTOMER     SUBJECT             AGE
         Unassigned    3│ #101    new     high 2h   Ayşe Yılmaz  Kargom nerede? Si…   5m
         Open          4│ #102    open    norm -30m Łukasz Żółć  Zwrot towaru – źl…   2h
         Pending       1│ #103    pending norm      山田太郎     注文した商品が届…    1d
         Quarantine    0│ #104    open    low  40m  Åse Ødegård  Bestilling kom ik…   4d
         All tickets   5│ #105    open    norm      bob@example… Where is my refun…   4w
                        │
        Queues          │
         Support       5│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         LIST │ All tickets │ 1/5                                     ? help  : command
        """#,
        "conversation-newest-120x40": #"""
        Views                   │#1008 · Support · open · normal · unassigned · Krzysztof Wójcik <k.wojcik@example.pl>
         Unassigned            1│Linia 15: zamówienie PL-7790, rozmiar 42 zamiast 44.
         Open                  1│Linia 16: zamówienie PL-7790, rozmiar 42 zamiast 44.
         Pending               0│Linia 17: zamówienie PL-7790, rozmiar 42 zamiast 44.
         Quarantine            0│Linia 18: zamówienie PL-7790, rozmiar 42 zamiast 44.
         All tickets           1│Linia 19: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 20: zamówienie PL-7790, rozmiar 42 zamiast 44.
        Queues                  │Linia 21: zamówienie PL-7790, rozmiar 42 zamiast 44.
         Support               1│Linia 22: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 23: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 24: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 25: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 26: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 27: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 28: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 29: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │Linia 30: zamówienie PL-7790, rozmiar 42 zamiast 44.
                                │
                                │◀ Ada · 2026-11-17 12:06
                                │Satır 1: İade etiketi gönderildi, ılık selamlar.
                                │Satır 2: İade etiketi gönderildi, ılık selamlar.
                                │Satır 3: İade etiketi gönderildi, ılık selamlar.
                                │Satır 4: İade etiketi gönderildi, ılık selamlar.
                                │Satır 5: İade etiketi gönderildi, ılık selamlar.
                                │Satır 6: İade etiketi gönderildi, ılık selamlar.
                                │Satır 7: İade etiketi gönderildi, ılık selamlar.
                                │Satır 8: İade etiketi gönderildi, ılık selamlar.
                                │Satır 9: İade etiketi gönderildi, ılık selamlar.
                                │Satır 10: İade etiketi gönderildi, ılık selamlar.
                                │Satır 11: İade etiketi gönderildi, ılık selamlar.
                                │Satır 12: İade etiketi gönderildi, ılık selamlar.
                                │
                                │▶ Krzysztof Wójcik · 2026-11-17 13:06
                                │Paczka wróciła do mnie – Łódź, kod 90-001.
                                │山田さんの注文も同じです。
                                │Co teraz?
                                │
                                │✎ NOTE · Ada · 2026-11-17 13:16
                                │┃ Sprawdzić z magazynem przed odpowiedzią.
         TICKET │ All tickets │ #1008 │ 4 messages                                                            ? help  : command
        """#,
        "conversation-newest-80x24": #"""
        Views           │#1008 · Support · open · normal · unassigned · Krzysztof Wójci…
         Unassigned    1│
         Open          1│◀ Ada · 2026-11-17 12:06
         Pending       0│Satır 1: İade etiketi gönderildi, ılık selamlar.
         Quarantine    0│Satır 2: İade etiketi gönderildi, ılık selamlar.
         All tickets   1│Satır 3: İade etiketi gönderildi, ılık selamlar.
                        │Satır 4: İade etiketi gönderildi, ılık selamlar.
        Queues          │Satır 5: İade etiketi gönderildi, ılık selamlar.
         Support       1│Satır 6: İade etiketi gönderildi, ılık selamlar.
                        │Satır 7: İade etiketi gönderildi, ılık selamlar.
                        │Satır 8: İade etiketi gönderildi, ılık selamlar.
                        │Satır 9: İade etiketi gönderildi, ılık selamlar.
                        │Satır 10: İade etiketi gönderildi, ılık selamlar.
                        │Satır 11: İade etiketi gönderildi, ılık selamlar.
                        │Satır 12: İade etiketi gönderildi, ılık selamlar.
                        │
                        │▶ Krzysztof Wójcik · 2026-11-17 13:06
                        │Paczka wróciła do mnie – Łódź, kod 90-001.
                        │山田さんの注文も同じです。
                        │Co teraz?
                        │
                        │✎ NOTE · Ada · 2026-11-17 13:16
                        │┃ Sprawdzić z magazynem przed odpowiedzią.
         TICKET │ All tickets │ #1008 │ 4 messages                    ? help  : command
        """#,
        "conversation-outlook-120x40": #"""
        Views                   │#88 · Support · open · normal · unassigned · Krzysztof Wójcik
         Unassigned            1│Opóźnienie zamówienia PL-7790
         Open                  1│
         Pending               0│▶ Krzysztof Wójcik · 2026-11-17 11:06
         Quarantine            0│Przesyłka dotarła, dziękuję.
         All tickets           1│
                                │[… 7 quoted lines]
        Queues                  │
         Support               1│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         TICKET │ All tickets │ #88 │ 1 message                                                               ? help  : command
        """#,
        "conversation-outlook-80x24": #"""
        Views           │#88 · Support · open · normal · unassigned · Krzysztof Wójcik
         Unassigned    1│Opóźnienie zamówienia PL-7790
         Open          1│
         Pending       0│▶ Krzysztof Wójcik · 2026-11-17 11:06
         Quarantine    0│Przesyłka dotarła, dziękuję.
         All tickets   1│
                        │[… 7 quoted lines]
        Queues          │
         Support       1│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         TICKET │ All tickets │ #88 │ 1 message                       ? help  : command
        """#,
        "conversation-reflow-120x40": #"""
        Views                   │#77 · Support · open · normal · unassigned · Łukasz Żółć
         Unassigned            1│Rozmiar
         Open                  1│
         Pending               0│▶ Łukasz Żółć · 2026-11-17 11:06
         Quarantine            0│Dzień dobry, zamówiłem buty w rozmiarze 44, ale przyszła para w rozmiarze 42. Proszę o
         All tickets           1│informację, jak mogę je odesłać i czy koszt przesyłki zwrotnej pokrywa sklep.
                                │
        Queues                  │Łukasz
         Support               1│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         TICKET │ All tickets │ #77 │ 1 message                                                               ? help  : command
        """#,
        "conversation-reflow-80x24": #"""
        Views           │#77 · Support · open · normal · unassigned · Łukasz Żółć
         Unassigned    1│Rozmiar
         Open          1│
         Pending       0│▶ Łukasz Żółć · 2026-11-17 11:06
         Quarantine    0│Dzień dobry, zamówiłem buty w rozmiarze 44, ale przyszła para
         All tickets   1│w rozmiarze 42. Proszę o informację, jak mogę je odesłać i czy
                        │koszt przesyłki zwrotnej pokrywa sklep.
        Queues          │
         Support       1│Łukasz
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         TICKET │ All tickets │ #77 │ 1 message                       ? help  : command
        """#,
        "list-waiting-120x40": #"""
        Views                   │ #       STATUS  PRIO   SLA    CUSTOMER           SUBJECT                                   AGE
         Unassigned            4│ #1001  ▶new     urgent 2h     Ayşe Yılmaz        Kargom nerede? Sipariş #4411               5m
         Open                  3│ #1002  ◀pending normal        Łukasz Żółć        Zwrot towaru – źle dobrany rozmiar         2h
         Pending               1│ #1003  ▶open    normal thx    山田太郎           注文した商品が届きません  [vip]            1d
         Quarantine            0│ #1004  ▶open    normal -3d    İsmail Işık        İade  [iade]                               4d
         All tickets           4│
                                │
        Queues                  │
         Support               4│
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
                                │
         LIST │ All tickets │ 1/4                                                                             ? help  : command
        """#,
        "list-waiting-80x24": #"""
        Views           │ #       STATUS  PRIO SLA  CUSTOMER     SUBJECT             AGE
         Unassigned    4│ #1001  ▶new     urg! 2h   Ayşe Yılmaz  Kargom nerede? Si…   5m
         Open          3│ #1002  ◀pending norm      Łukasz Żółć  Zwrot towaru – źl…   2h
         Pending       1│ #1003  ▶open    norm thx  山田太郎     注文した商品が届…    1d
         Quarantine    0│ #1004  ▶open    norm -3d  İsmail Işık  İade  [iade]         4d
         All tickets   4│
                        │
        Queues          │
         Support       4│
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
                        │
         LIST │ All tickets │ 1/4                                     ? help  : command
        """#,
    ]
}
