Attribute VB_Name = "CareersYear"
' Careers Plan add-in: which academic year a plan is for, and which benchmark a sheet is.
'
' The year is found where careers-xl finds it (careers_xl/reader.py, cover.py): the
' "Academic year" on the Cover, else a title above a plan table, a sheet's name or the
' file's name ("2025/26", "2025-26", "2025-2026", "2025_26"), else the year most end
' point dates fall in.
Option Explicit

' What PlanYear found besides the year: the Cover cell holding it (Nothing if the year
' came from elsewhere), and Cover cells whose year careers-xl cannot read, with what to say.
Public YearCell As Object
Public CoverSheet As Object
Public YearProblemCells As Collection
Public YearProblemTexts As Collection

' The first year of the academic year a text names ("2025/26", "2025-26", "2025-2026",
' "2025_26" all give 2025), or 0 when it names none.
Public Function AcademicYearStart(ByVal text As String) As Long
    Dim i As Long, j As Long, first As Long, second As Long
    For i = 1 To Len(text) - 3
        If Mid$(text, i, 2) = "20" And IsDigitAt(text, i + 2) And IsDigitAt(text, i + 3) _
           And Not IsDigitAt(text, i - 1) Then
            first = CLng(Mid$(text, i, 4))
            j = i + 4
            Do While IsSpaceChar(Mid$(text, j, 1))
                j = j + 1
            Loop
            If InStr(1, "/-_" & ChrW(8211), Mid$(text, j, 1)) > 0 And j <= Len(text) Then
                j = j + 1
                Do While IsSpaceChar(Mid$(text, j, 1))
                    j = j + 1
                Loop
                If Mid$(text, j, 2) = "20" And IsDigitAt(text, j + 3) Then j = j + 2
                If IsDigitAt(text, j) And IsDigitAt(text, j + 1) _
                   And Not IsDigitAt(text, j + 2) Then
                    second = CLng(Mid$(text, j, 2))
                    If (first + 1) Mod 100 = second Then
                        AcademicYearStart = first
                        Exit Function
                    End If
                End If
            End If
        End If
    Next i
    AcademicYearStart = 0
End Function

' An academic year written the careers-xl way: 2025 -> "2025/26".
Public Function AcademicYearText(ByVal startYear As Long) As String
    AcademicYearText = CStr(startYear) & "/" & Right$("0" & CStr((startYear + 1) Mod 100), 2)
End Function

' Text with an academic year renamed in whichever way it was written:
' "Plan 2025-26" -> "Plan 2026-27", "2025/2026" -> "2026/2027" (not "2025/260").
Public Function RenameYear(ByVal text As String, ByVal oldStart As Long, _
                           ByVal newStart As Long) As String
    Dim seps As Variant, i As Long, oldShort As String, newShort As String
    seps = Array("/", "-", "_", ChrW(8211))
    oldShort = Right$("0" & CStr((oldStart + 1) Mod 100), 2)
    newShort = Right$("0" & CStr((newStart + 1) Mod 100), 2)
    For i = LBound(seps) To UBound(seps)
        text = ReplaceYear(text, CStr(oldStart) & seps(i) & CStr(oldStart + 1), _
                           CStr(newStart) & seps(i) & CStr(newStart + 1))
    Next i
    For i = LBound(seps) To UBound(seps)
        text = ReplaceYear(text, CStr(oldStart) & seps(i) & oldShort, _
                           CStr(newStart) & seps(i) & newShort)
    Next i
    RenameYear = text
End Function

' Text with every old replaced by new, where no digit follows it.
Private Function ReplaceYear(ByVal text As String, ByVal old As String, _
                             ByVal replacement As String) As String
    Dim at As Long, out As String, from As Long
    from = 1
    at = InStr(from, text, old)
    Do While at > 0
        If IsDigitAt(text, at + Len(old)) Then
            out = out & Mid$(text, from, at + Len(old) - from)
        Else
            out = out & Mid$(text, from, at - from) & replacement
        End If
        from = at + Len(old)
        at = InStr(from, text, old)
    Loop
    ReplaceYear = out & Mid$(text, from)
End Function

' The cover field a label names: "year" for "Academic year", "priority" for "Priority 2",
' "other" for another cover label, "" for none.
Private Function CoverField(ByVal label As String) As String
    Dim key As String, value As String
    key = Normalise(label)
    CoverField = ""
    If key = "" Then Exit Function
    If Left$(key, 3) = "key" Then key = Mid$(key, 4)
    If Left$(key, 9) = "strategic" Then key = Mid$(key, 10)
    If Len(key) = 9 And Left$(key, 8) = "priority" And IsDigitAt(key, 9) Then
        CoverField = "priority"
        Exit Function
    End If
    key = Normalise(label)
    If InList(COVER_LABELS, key) Then
        Select Case key
            Case "academicyear", "year", "planyear": CoverField = "year"
            Case Else: CoverField = "other"
        End Select
    End If
End Function

' True if ws looks like a Cover: named like one, or two cover labels down column A.
Private Function LooksLikeCover(ByVal ws As Object) As Boolean
    Dim r As Long, hits As Long
    LooksLikeCover = InList(COVER_NAMES, Normalise(ws.Name))
    If LooksLikeCover Then Exit Function
    For r = 1 To 30
        If CoverField(CellText(ws.Cells(r, 1))) <> "" Then hits = hits + 1
    Next r
    LooksLikeCover = (hits >= 2)
End Function

' The academic year (its first year) the plan in book is for, or 0; see the top of this module.
' Sets YearCell and YearProblems.
Public Function PlanYear(ByVal book As Object) As Long
    Dim ws As Object, cover As Object, r As Long, c As Long, label As Object, found As Long
    Dim headerRow As Long
    Set YearCell = Nothing
    Set CoverSheet = Nothing
    Set YearProblemCells = New Collection
    Set YearProblemTexts = New Collection
    PlanYear = 0
    ' The first sheet that looks like a Cover (not a plan sheet, not careers-xl's own).
    For Each ws In book.Worksheets
        If FindHeaderRow(ws) = 0 And LCase$(ws.Name) <> LCase$(HISTORY_SHEET) And _
           LCase$(ws.Name) <> LCase$(COMPASS_HISTORY_SHEET) And _
           LCase$(ws.Name) <> LCase$(CHECK_SHEET) Then
            If LooksLikeCover(ws) Then
                Set cover = ws
                Set CoverSheet = ws
                Exit For
            End If
        End If
    Next ws
    If Not cover Is Nothing Then
        ' Each row: the first cell typed in is the label, the next one its value.
        For r = 1 To LastUsedRow(cover)
            Set label = Nothing
            For c = 1 To LastUsedColumn(cover)
                If CellText(cover.Cells(r, c)) <> "" Then
                    If label Is Nothing Then
                        Set label = cover.Cells(r, c)
                    Else
                        If CoverField(CellText(label)) = "year" Then
                            found = AcademicYearStart(CellText(cover.Cells(r, c)))
                            If found > 0 Then
                                PlanYear = found
                                Set YearCell = cover.Cells(r, c)
                            Else
                                YearProblemCells.Add cover.Cells(r, c)
                                YearProblemTexts.Add "'" & CellText(cover.Cells(r, c)) & _
                                                     "' is not an academic year such as 2025/26."
                            End If
                        End If
                        Exit For
                    End If
                End If
            Next c
        Next r
        If PlanYear > 0 Then Exit Function
    End If
    ' A title above a plan table, then a sheet's name, then the file's name.
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        For r = 1 To headerRow
            For c = 1 To LastUsedColumn(ws)
                If VarType(ws.Cells(r, c).Value) = vbString Then
                    PlanYear = AcademicYearStart(CStr(ws.Cells(r, c).Value))
                    If PlanYear > 0 Then Exit Function
                End If
            Next c
        Next r
    Next ws
    For Each ws In book.Worksheets
        PlanYear = AcademicYearStart(ws.Name)
        If PlanYear > 0 Then Exit Function
    Next ws
    PlanYear = AcademicYearStart(book.Name)
End Function

' The academic year most end point dates fall in (0 if none has a date), as careers-xl
' guesses it when the plan does not say.
Public Function YearOfEndPoints(ByVal book As Object) As Long
    Dim ws As Object, headerRow As Long, r As Long, p As Long, col As Long, y As Long
    Dim counts(1900 To 2200) As Long, order As String, best As Long, years As Variant, i As Long
    order = "|"
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        If headerRow > 0 Then
            For r = headerRow + 1 To LastUsedRow(ws)
                For p = 1 To PeriodCount(ws, headerRow)
                    col = RoleColumn(ws, headerRow, p, "end_point")
                    If col > 0 Then
                        ReadEndCell ws.Cells(r, col), 0
                        If EndHasDue Then
                            y = Year(EndDue)
                            If Month(EndDue) < 9 Then y = y - 1
                            If y >= 1900 And y <= 2200 Then
                                counts(y) = counts(y) + 1
                                If Not InList(order, CStr(y)) Then order = order & CStr(y) & "|"
                            End If
                        End If
                    End If
                Next p
            Next r
        End If
    Next ws
    YearOfEndPoints = 0
    If order = "|" Then Exit Function
    years = Split(Mid$(order, 2, Len(order) - 2), "|")
    For i = LBound(years) To UBound(years)
        If counts(CLng(years(i))) > best Then
            best = counts(CLng(years(i)))
            YearOfEndPoints = CLng(years(i))
        End If
    Next i
End Function

' The Gatsby Benchmark (1-8) a text names: "Gatsby Benchmark 3", "BM3", "GB 3", "Benchmark
' no. 3", or a benchmark's wording alone ("Personal guidance"); 0 if none.
Public Function BenchmarkNumber(ByVal text As String) As Long
    Dim low As String, i As Long, j As Long, w As Long, names As Variant, k As Long
    low = LCase$(text)
    names = Array("gatsby", "benchmark", "bench", "bm", "gb")
    BenchmarkNumber = 0
    For i = 1 To Len(low)
        For w = 0 To 4
            If Mid$(low, i, Len(names(w))) = names(w) Then
                j = i + Len(names(w))
                If w = 0 Then  ' "gatsby benchmark"
                    k = j
                    Do While IsSpaceChar(Mid$(low, k, 1))
                        k = k + 1
                    Loop
                    If Mid$(low, k, 9) = "benchmark" Then j = k + 9
                End If
                If BenchmarkDigitAt(low, j) > 0 Then
                    BenchmarkNumber = BenchmarkDigitAt(low, j)
                    Exit Function
                End If
            End If
        Next w
    Next i
    If Len(Stripped(text)) = 1 And IsDigitAt(Stripped(text), 1) Then
        If Stripped(text) >= "1" And Stripped(text) <= "8" Then BenchmarkNumber = CLng(Stripped(text))
        Exit Function
    End If
    If Normalise(text) <> "" Then BenchmarkNumber = Val("0" & TableValue(BenchmarkWordings(), Normalise(text)))
End Function

' The benchmark digit after a benchmark's name at position j: "\s*(no\.?|number|#)?\s*[1-8]"
' and no digit after it; 0 if there is none.
Private Function BenchmarkDigitAt(ByVal low As String, ByVal j As Long) As Long
    Dim k As Long, starts As Variant, s As Long
    BenchmarkDigitAt = 0
    starts = Array("number", "no.", "no", "#", "")
    For s = 0 To 4
        k = j
        Do While IsSpaceChar(Mid$(low, k, 1))
            k = k + 1
        Loop
        If Mid$(low, k, Len(starts(s))) = starts(s) Then
            k = k + Len(starts(s))
            Do While IsSpaceChar(Mid$(low, k, 1))
                k = k + 1
            Loop
            If Mid$(low, k, 1) >= "1" And Mid$(low, k, 1) <= "8" And Len(Mid$(low, k, 1)) = 1 _
               And Not IsDigitAt(low, k + 1) Then
                BenchmarkDigitAt = CLng(Mid$(low, k, 1))
                Exit Function
            End If
        End If
    Next s
End Function

' The benchmark of a plan sheet: from its name, else from the lines above its table.
Public Function SheetBenchmark(ByVal ws As Object, ByVal headerRow As Long) As Long
    Dim r As Long, c As Long, lastRow As Long
    SheetBenchmark = BenchmarkNumber(ws.Name)
    If SheetBenchmark > 0 Then Exit Function
    lastRow = headerRow - 1
    If lastRow >= 1 Then
        For c = 1 To LastUsedColumn(ws)
            If PeriodOfLabel(CellText(ws.Cells(lastRow, c))) > 0 Then
                lastRow = lastRow - 1
                Exit For
            End If
        Next c
    End If
    For r = 1 To lastRow
        For c = 1 To LastUsedColumn(ws)
            If CellText(ws.Cells(r, c)) <> "" Then
                SheetBenchmark = BenchmarkNumber(CellText(ws.Cells(r, c)))
                If SheetBenchmark > 0 Then Exit Function
            End If
        Next c
    Next r
End Function

' The benchmark of the objective starting in row r: from a Benchmark column, else the
' sheet's (sheetBench), else the Compass code ending the objective; 0 when none says.
Public Function RowBenchmark(ByVal ws As Object, ByVal headerRow As Long, ByVal r As Long, _
                             ByVal objective As String, ByVal sheetBench As Long) As Long
    Dim col As Long
    col = SheetColumn(ws, headerRow, "benchmark")
    If col > 0 Then RowBenchmark = BenchmarkNumber(CellText(ws.Cells(r, col)))
    If RowBenchmark = 0 Then RowBenchmark = sheetBench
    If RowBenchmark = 0 Then RowBenchmark = ObjectiveCodeBenchmark(objective)
End Function

' The Compass code at the end of an objective gives its benchmark: "... (C3.4)" -> 3; else 0.
Public Function ObjectiveCodeBenchmark(ByVal objective As String) As Long
    Dim t As String, i As Long, digit As String
    ObjectiveCodeBenchmark = 0
    t = Stripped(objective)
    If Right$(t, 1) <> ")" Then Exit Function
    t = Stripped(Left$(t, Len(t) - 1))
    i = Len(t)
    Do While IsDigitAt(t, i)
        i = i - 1
    Loop
    ' t(i) is the dot of "3.4", with one or two digits after it and a benchmark before it.
    If Len(t) - i < 1 Or Len(t) - i > 2 Or i < 3 Then Exit Function
    If Mid$(t, i, 1) <> "." Then Exit Function
    digit = Mid$(t, i - 1, 1)
    If digit < "1" Or digit > "8" Then Exit Function
    t = Stripped(Left$(t, i - 2))
    If UCase$(Right$(t, 1)) = "C" Then t = Stripped(Left$(t, Len(t) - 1))
    If Right$(t, 1) = "(" Then ObjectiveCodeBenchmark = CLng(digit)
End Function
