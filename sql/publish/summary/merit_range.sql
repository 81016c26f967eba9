-- Summary page: The index range of the instrument.
SELECT indeks_minimum, indeks_maksimum FROM ref.merit_regime WHERE regime = getvariable('regime')
