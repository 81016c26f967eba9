"""Budget lines of the LKj 2024 of BKD Provinsi Lampung, Tabel 3.6 and 3.8, as printed.

Codes are Kepmendagri-style (the report prints none; see pipelines/config/nomenklatur.csv).
Each line: (kode, uraian, pagu, realisasi, serapan as printed, target fisik, realisasi fisik,
capaian fisik as printed, penanggung jawab). Amounts are the P-APBD 2024 figures; "-" is kept
where the report prints it. On the four kegiatan of Program Kepegawaian Daerah the text export
shows a lone percentage (90.38, 55.00, 57.69, 69.26) one column left of the % column; it is
put in the % column here, where the table's layout puts every other capaian fisik.
"""

SEKRETARIAT = "Sekretariat"
PMP = "Bidang Pengadaan, Mutasi dan Pemberhentian Pegawai"
PP = "Bidang Pengembangan Pegawai"
PKP = "Bidang Pembinaan dan Kesejahteraan Pegawai"
PDK = "Bidang Penyajian Data dan Kepangkatan"

LINES = [
    ("5.03.01", "Program Penunjang Urusan Pemerintahan Daerah", 17588712238, 16777652270, "95.39", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 116890000, 114351000, "97.83", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 63300000, 60859000, "96.14", "13 dok", "13 dok", "100", SEKRETARIAT),
    ("5.03.01.1.01.0007", "Evaluasi Kinerja Perangkat Daerah", 53590000, 53492000, "99.82", "9 laporan", "9 laporan", "100", SEKRETARIAT),
    ("5.03.01.1.02", "Administrasi Keuangan Perangkat Daerah", 14995084774, 14244966700, "95.00", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.02.0001", "Penyediaan Gaji dan Tunjangan ASN", 14977112474, 14226994400, "94.99", "14 orang/bln", "14 orang/bln", "100", SEKRETARIAT),
    ("5.03.01.1.02.0007", "Koordinasi dan Penyusunan Laporan Keuangan Bulanan / Triwulanan / Semesteran SKPD", 17972300, 17972300, "100", "24laporan", "24laporan", "100", SEKRETARIAT),
    ("5.03.01.1.06", "Administrasi Umum Perangkat Daerah", 941077309, 940632362, "99.95", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.06.0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", 5169900, 5146200, "99.54", "12paket", "12paket", "100", SEKRETARIAT),
    ("5.03.01.1.06.0002", "Penyediaan Peralatan dan Perlengkapan Kantor", None, None, None, "12paket", "12paket", "100", SEKRETARIAT),
    ("5.03.01.1.06.0003", "Penyediaan Peralatan Rumah Tangga", 8000000, 7992400, "99.91", "12paket", "12paket", "100", SEKRETARIAT),
    ("5.03.01.1.06.0005", "Penyediaan Barang Cetakan dan Penggandaan", 26000000, 25819400, "99.31", "12paket", "12paket", "100", SEKRETARIAT),
    ("5.03.01.1.06.0006", "Penyediaan Bahan/Material", 30000000, 29983800, "99.95", "12paket", "12paket", "100", SEKRETARIAT),
    ("5.03.01.1.06.0008", "Fasilitasi Kunjungan Tamu", 38000000, 38000000, "100", "30 Laporan", "30 Laporan", "100", SEKRETARIAT),
    ("5.03.01.1.06.0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", 833907409, 833690562, "99.97", "61 laporan", "61 laporan", "100", SEKRETARIAT),
    ("5.03.01.1.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", 989559755, 940073422, "95.00", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.08.0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", 257248055, 208025122, "80.87", "12 laporan", "12 laporan", "100", SEKRETARIAT),
    ("5.03.01.1.08.0004", "Penyediaan Jasa Pelayanan Umum Kantor", 732311700, 732048300, "99.96", "12 laporan", "12 laporan", "100", SEKRETARIAT),
    ("5.03.01.1.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", 546100400, 537628786, "98.45", "100", "100", "100", SEKRETARIAT),
    ("5.03.01.1.09.0002", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional atau Lapangan", 426190400, 418334195, "98.16", "21 unit", "21 unit", "100", SEKRETARIAT),
    ("5.03.01.1.09.0006", "Pemeliharaan Peralatan dan Mesin Lainnya", 30930000, 30810000, "99.61", "46 unit", "46 unit", "100", SEKRETARIAT),
    ("5.03.01.1.09.0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya", 88980000, 88484591, "99.44", "1 unit", "1 unit", "100", SEKRETARIAT),
    ("5.03.02", "Program Kepegawaian Daerah", 7934489260, 7300870511, "92.01", None, None, None, None),
    ("5.03.02.1.01", "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN", 6227344260, 6057376532, "97.27", None, None, "90.38", PMP),
    ("5.03.02.1.01.0001", "Penyusunan Rencana Kebutuhan, Jenis dan Jumlah Jabatan untuk Pelaksanaan Pengadaan ASN", 6046274460, 5940215082, "98.25", "9 dok", "9 dok", "100", PMP),
    ("5.03.02.1.01.0002", "Koordinasi Pelaksanaan Administrasi Pemberhentian", 16035000, 15791250, "98.48", "615 dokumen", "615 dokumen", "100", PMP),
    ("5.03.02.1.01.0003", "Fasilitasi Lembaga Profesi ASN", 49449800, 49002600, "99.10", "1 lembaga", "1 lembaga", "100", PKP),
    ("5.03.02.1.01.0004", "Pengelolaan Sistem Informasi Kepegawaian", 85000000, 21782600, "25.63", "185 dokumen", "185 dokumen", "100", PDK),
    ("5.03.02.1.01.0005", "Pengelolaan Data Kepegawaian", 30585000, 30585000, "100", "15000 dokumen", "15000 dokumen", "100", PDK),
    ("5.03.02.1.02", "Mutasi dan Promosi ASN", 1165490000, 725697619, "62.27", None, None, "55.00", PP),
    ("5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", 38200000, 38200000, "100", "850 dokumen", "850 dokumen", "100", PMP),
    ("5.03.02.1.02.0002", "Pengelolaan Kenaikan Pangkat ASN", 49290000, 49282500, "99.98", "14 laporan", "14 laporan", "100", PDK),
    ("5.03.02.1.02.0003", "Pengelolaan Promosi ASN", 1078000000, 638215119, "59.20", "10 dokumen", "7 dokumen", "70", PP),
    ("5.03.02.1.03", "Pengembangan Kompetensi ASN", 457472000, 436318360, "95.38", None, None, "57.69", PP),
    ("5.03.02.1.03.0001", "Peningkatan Kapasitas Kinerja ASN", 25669000, 15774000, "61.45", "595 org", "350", "58.8", PP),
    ("5.03.02.1.03.0002", "Pengelolaan Assesment Center", 280000000, 279624260, "99.87", "1 dokumen", "1 dokumen", "100", PP),
    ("5.03.02.1.03.0003", "Pengelolaan Pendidikan Lanjutan ASN", 117873000, 108655100, "92.18", "350 org", "320 org", "92.66", PP),
    ("5.03.02.1.03.0004", "Fasilitasi Pengembangan Karir dalam Jabatan Fungsional", 33930000, 32265000, "95.09", "200 dok", "190 dok", "95", PP),
    ("5.03.02.1.04", "Penilaian dan Evaluasi Kinerja Aparatur", 84183000, 81478000, "96.79", None, None, "69.26", PKP),
    ("5.03.02.1.04.0001", "Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur", 33183000, 33183000, "100", "12 dokumen", "12 dokumen", "12 dokumen", PKP),
    ("5.03.02.1.04.0002", "Pembinaan Disiplin ASN", 51000000, 48295000, "94.70", "15 laporan", "14 laporan", "93.33", PKP),
]
TOTAL = (25523201498, 24078522781, "94.34")

# APBD murni 2024: 24.688.439.711 (Tabel 3.9). The report gives only the total; the
# 834.761.787 raised in the P-APBD (September) is put on these two lines for the demo.
APBD_MURNI_CHANGES = {
    "5.03.01.1.02.0001": -600_000_000,
    "5.03.02.1.02.0003": -234_761_787,
}
APBD_MURNI_TOTAL = 24688439711

# IKU sheet (Tabel 2.1-2.6, 3.2, 3.3, 3.5, 3.7, 3.9): (tahun, sasaran, indikator, satuan, target,
# realisasi, capaian, pagu APBD, pagu P-APBD, realisasi anggaran, perubahan %, serapan %),
# as printed; None where the report prints nothing or "-".
MERIT = ("Meningkatnya Manajemen ASN", "Indeks Sistem Merit", "indeks")
PENEMPATAN = (
    "Meningkatnya penempatan PNS dalam jabatan sesuai kompetensi",
    "Persentase penempatan PNS dalam jabatan sesuai kompetensi",
    "%",
)
PELAYANAN = (
    "Meningkatnya pelayanan administrasi kepegawaian",
    "Persentase peningkatan kualitas pelayanan administrasi kepegawaian berbasis elektronik",
    "%",
)
IKU_ROWS = [
    (2021, *MERIT, "-", "161,5", None, None, None, None, None, None),
    (2022, *MERIT, "-", "258,5", None, None, None, None, None, None),
    (2023, *MERIT, "-", "279.5", None, None, None, None, None, None),
    (2024, *MERIT, "285,5", "298,5", "104,6", "24.688.439.711", "25.523.201.498,34",
     "24.078.522.781", "3,88", "94,34"),
    (2020, *PENEMPATAN, "60", "64,82", None, None, None, None, None, None),
    (2021, *PENEMPATAN, "65", "67,93", None, None, None, None, None, None),
    (2022, *PENEMPATAN, "70", "72,81", None, None, None, None, None, None),
    (2023, *PENEMPATAN, "75", "73,15", None, None, None, None, None, None),
    (2020, *PELAYANAN, "40", "50", None, None, None, None, None, None),
    (2021, *PELAYANAN, "58", "50", None, None, None, None, None, None),
    (2022, *PELAYANAN, "79", "70,8", None, None, None, None, None, None),
    (2023, *PELAYANAN, "91", "87,5", None, None, None, None, None, None),
]
