Attribute VB_Name = "CareersRollover"
' Careers Plan add-in: the "Roll over to next year" button.
'
' Closes this academic year and sets the plan up for the next one, following the same
' rules as the careers-xl "rollover" command:
'   1. every action of the closing year is copied to the History sheet (one row each:
'      year, benchmark, objective, period, action, leads, progress, end point, RAG,
'      evidence, impact), so nothing is lost and progress shows over the years;
'   2. the Cover's academic year moves on (2025/26 -> 2026/27), and so do the titles
'      and sheet names that name the year;
'   3. each action is kept; its Progress is cleared, and a Red or Amber action gets the
'      note "Carried forward: Red in 2025/26" (in a "Carried forward" column if the
'      period has one, otherwise in its Progress cell) so it cannot quietly disappear;
'   4. end points that are dates move on a year (29 February becomes 28 February);
'      end points typed as text follow ("Mar-26" -> "Mar-27", "07.10.26" -> "07.10.27");
'      half-term names such as "Autumn 2" stay as they are;
'   5. RAG and evidence lists are cleared for the new year.
' Save a copy of your plan before you roll it over: a rollover cannot be undone.
Option Explicit

' Ask, then roll over the workbook you are looking at.
Public Sub RolloverPlan()
    Dim book As Object, yearCell As Object, oldStart As Long, problem As String
    Set book = PlanBook()
    Set yearCell = CoverYearCell(book)
    If Not yearCell Is Nothing Then oldStart = AcademicYearStart(CellText(yearCell))
    If oldStart = 0 Then
        MsgBox RolloverWorkbook(book), vbExclamation, "Roll over"
        Exit Sub
    End If
    If MsgBox("Roll '" & book.Name & "' over from " & AcademicYearText(oldStart) & " to " & _
              AcademicYearText(oldStart + 1) & "?" & vbCr & vbCr & _
              "Save a copy first: this cannot be undone.", vbYesNo + vbQuestion, _
              "Roll over") <> vbYes Then Exit Sub
    problem = RolloverWorkbook(book)
    If problem = "" Then
        MsgBox "The plan is now for " & AcademicYearText(oldStart + 1) & _
               ". Last year's actions are on the History sheet.", vbInformation, "Roll over"
    Else
        MsgBox problem, vbExclamation, "Roll over"
    End If
End Sub

' Roll a workbook (the active one if none is given) over to the next academic year,
' without any message boxes. Returns "" when done, or why it refused.
Public Function RolloverWorkbook(Optional ByVal wb As Variant) As String
    Dim book As Object, yearCell As Object, history As Object, ws As Object
    Dim oldStart As Long, newStart As Long, headerRow As Long
    Set book = PlanBook(wb)
    Set yearCell = CoverYearCell(book)
    If yearCell Is Nothing Then
        RolloverWorkbook = "No 'Academic year' found on a Cover sheet (label in column A, " & _
                           "year such as 2025/26 in column B). Nothing was changed."
        Exit Function
    End If
    oldStart = AcademicYearStart(CellText(yearCell))
    If oldStart = 0 Then
        RolloverWorkbook = "The Cover's academic year '" & CellText(yearCell) & _
                           "' is not a year such as 2025/26. Nothing was changed."
        Exit Function
    End If
    newStart = oldStart + 1

    Set history = HistorySheet(book)
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        If headerRow > 0 Then
            CopyToHistory ws, headerRow, history, AcademicYearText(oldStart)
            RollSheet ws, headerRow, AcademicYearText(oldStart)
            RenameTitles ws, headerRow - 1, oldStart, newStart
        End If
    Next ws
    RenameCover yearCell, oldStart, newStart
    RolloverWorkbook = ""
End Function

' The History sheet (added at the end if the plan has none yet; headings on row 1).
Private Function HistorySheet(ByVal book As Object) As Object
    Dim history As Object, headings As Variant, c As Long
    Set history = FindSheet(book, HISTORY_SHEET)
    If history Is Nothing Then
        Set history = book.Worksheets.Add(, book.Worksheets(book.Worksheets.Count))
        history.Name = HISTORY_SHEET
    End If
    If CellText(history.Cells(1, 1)) = "" Then
        headings = Array("Year", "Benchmark", "Objective", "Period", "Action", "Leads", _
                         "Progress", "End point", "RAG", "Evidence", "Impact")
        For c = 0 To UBound(headings)
            history.Cells(1, c + 1).Value = headings(c)
        Next c
        history.Rows(1).Font.Bold = True
    End If
    Set HistorySheet = history
End Function

' The column of the History sheet whose heading starts with name ("lead" finds
' "Leads"), or 0. The headings are on row 1.
Private Function HistoryColumn(ByVal history As Object, ByVal name As String) As Long
    Dim c As Long
    For c = 1 To LastUsedColumn(history)
        If Left$(HeaderWord(CellText(history.Cells(1, c))), Len(name)) = name Then
            HistoryColumn = c
            Exit Function
        End If
    Next c
    HistoryColumn = 0
End Function

' Put a value in the History row, in the column headed name (skipped if there is none).
Private Sub PutHistory(ByVal history As Object, ByVal r As Long, ByVal name As String, _
                       ByVal value As Variant, Optional ByVal asText As Boolean = False)
    Dim c As Long
    c = HistoryColumn(history, name)
    If c = 0 Then Exit Sub
    If asText Then history.Cells(r, c).NumberFormat = "@"
    history.Cells(r, c).Value = value
End Sub

' Add one History row for each action on a plan sheet, as it stands at the end of the year.
Private Sub CopyToHistory(ByVal ws As Object, ByVal headerRow As Long, _
                          ByVal history As Object, ByVal yearText As String)
    Dim r As Long, p As Long, out As Long, benchmarkCol As Long, benchmark As Long
    Dim rag As String, endCell As Object
    benchmarkCol = SheetColumn(ws, headerRow, "benchmark")
    out = LastUsedRow(history) + 1
    For r = headerRow + 1 To LastUsedRow(ws)
        For p = 1 To PeriodCount(ws, headerRow)
            If CellText(ws.Cells(r, RoleColumn(ws, headerRow, p, "action"))) <> "" Then
                ' The benchmark: from a Benchmark column, else the sheet's name or title.
                benchmark = 0
                If benchmarkCol > 0 Then benchmark = BenchmarkNumber(CellText(ws.Cells(r, benchmarkCol)))
                If benchmark = 0 Then benchmark = BenchmarkNumber(ws.Name)
                If benchmark = 0 Then benchmark = BenchmarkNumber(CellText(ws.Cells(1, 1)))
                PutHistory history, out, "year", yearText, True
                If benchmark > 0 Then PutHistory history, out, "benchmark", benchmark
                PutHistory history, out, "objective", ObjectiveText(ws, headerRow, r), True
                PutHistory history, out, "period", p
                PutHistory history, out, "action", PeriodText(ws, headerRow, p, "action", r), True
                PutHistory history, out, "lead", PeriodText(ws, headerRow, p, "lead", r), True
                PutHistory history, out, "progress", PeriodText(ws, headerRow, p, "progress", r), True
                If RoleColumn(ws, headerRow, p, "end") > 0 Then
                    Set endCell = ws.Cells(r, RoleColumn(ws, headerRow, p, "end"))
                    PutHistory history, out, "endpoint", endCell.Text, True
                End If
                rag = PeriodText(ws, headerRow, p, "rag", r)
                If RagLabel(rag) <> "" Then rag = RagLabel(rag)
                PutHistory history, out, "rag", rag, True
                PutHistory history, out, "evid", PeriodText(ws, headerRow, p, "evidence", r), True
                PutHistory history, out, "impact", PeriodText(ws, headerRow, p, "impact", r), True
                out = out + 1
            End If
        Next p
    Next r
End Sub

' The text in row r of the column of a given role in period p ("" if there is no such column).
Private Function PeriodText(ByVal ws As Object, ByVal headerRow As Long, ByVal p As Long, _
                            ByVal role As String, ByVal r As Long) As String
    Dim c As Long
    c = RoleColumn(ws, headerRow, p, role)
    PeriodText = ""
    If c > 0 Then PeriodText = CellText(ws.Cells(r, c))
End Function

' Set up every action on a plan sheet for the new year (steps 3 to 5 above).
Private Sub RollSheet(ByVal ws As Object, ByVal headerRow As Long, ByVal oldYear As String)
    Dim r As Long, p As Long, rag As String, note As String
    Dim progressCol As Long, carriedCol As Long, endCol As Long, ragCol As Long
    Dim evidenceCol As Long, noteCell As Object
    For r = headerRow + 1 To LastUsedRow(ws)
        For p = 1 To PeriodCount(ws, headerRow)
            If CellText(ws.Cells(r, RoleColumn(ws, headerRow, p, "action"))) <> "" Then
                progressCol = RoleColumn(ws, headerRow, p, "progress")
                carriedCol = RoleColumn(ws, headerRow, p, "carried")
                endCol = RoleColumn(ws, headerRow, p, "end")
                ragCol = RoleColumn(ws, headerRow, p, "rag")
                evidenceCol = RoleColumn(ws, headerRow, p, "evidence")
                rag = ""
                If ragCol > 0 Then rag = RagLabel(CellText(ws.Cells(r, ragCol)))

                If progressCol > 0 Then ws.Cells(r, progressCol).ClearContents
                If carriedCol > 0 Then ws.Cells(r, carriedCol).ClearContents
                If InStr(1, UNFINISHED_RAGS, "|" & rag & "|") > 0 And rag <> "" Then
                    note = Replace(Replace(CARRIED_NOTE, "{rag}", rag), "{year}", oldYear)
                    Set noteCell = Nothing
                    If carriedCol > 0 Then
                        Set noteCell = ws.Cells(r, carriedCol)
                    ElseIf progressCol > 0 Then
                        Set noteCell = ws.Cells(r, progressCol)
                    End If
                    If Not noteCell Is Nothing Then noteCell.Value = note
                End If
                If endCol > 0 Then ShiftEndPoint ws.Cells(r, endCol)
                If ragCol > 0 Then
                    ws.Cells(r, ragCol).ClearContents
                    ws.Cells(r, ragCol).Interior.ColorIndex = xlColorIndexNone
                End If
                If evidenceCol > 0 Then ws.Cells(r, evidenceCol).ClearContents
            End If
        Next p
    Next r
End Sub

' Move an end point on by ROLLOVER_YEARS: a real date, or a date typed as text.
' Text stays text (the cell is formatted as Text first, or Excel would turn "Mar-27"
' into a date).
Private Sub ShiftEndPoint(ByVal cell As Object)
    Dim v As Variant, shifted As String
    v = cell.Value
    If VarType(v) = vbDate Then
        cell.Value = ShiftDate(v, ROLLOVER_YEARS)
    ElseIf VarType(v) = vbString Then
        shifted = ShiftDateText(v, ROLLOVER_YEARS)
        If shifted <> v Then
            cell.NumberFormat = "@"
            cell.Value = shifted
        End If
    End If
End Sub

' A date some years on; 29 February becomes 28 February when the new year has none.
Public Function ShiftDate(ByVal d As Date, ByVal years As Long) As Date
    Dim y As Long, m As Long, dd As Long
    y = Year(d) + years
    m = Month(d)
    dd = Day(d)
    If m = 2 And dd = 29 And Not IsLeapYear(y) Then dd = 28
    ShiftDate = DateSerial(y, m, dd)
End Function

Private Function IsLeapYear(ByVal y As Long) As Boolean
    IsLeapYear = (y Mod 4 = 0 And y Mod 100 <> 0) Or (y Mod 400 = 0)
End Function

' A date typed as text, moved on some years in the way it was typed:
' "July 2026" -> "July 2027", "31/03/2026" -> "31/03/2027", "Mar-26" -> "Mar-27",
' "07.10.26" -> "07.10.27", "w/c 13/1/26" -> "w/c 13/1/27". Other text is left alone
' ("Autumn 2", "Ongoing", "Year 11 options evening").
Public Function ShiftDateText(ByVal text As String, ByVal years As Long) As String
    Dim i As Long, cut As Long, head As String, tail As String, shifted As String
    Dim newYear As Long
    ' Four-figure years: 20xx anywhere, not part of a longer number.
    For i = 1 To Len(text) - 3
        If Mid$(text, i, 2) = "20" And IsDigitAt(text, i + 2) And IsDigitAt(text, i + 3) _
           And Not IsDigitAt(text, i - 1) And Not IsDigitAt(text, i + 4) Then
            newYear = CLng(Mid$(text, i, 4)) + years
            shifted = Left$(text, i - 1) & CStr(newYear) & Mid$(text, i + 4)
            ShiftDateText = LeapDayFixed(shifted, newYear)
            Exit Function
        End If
    Next i
    ' Two-figure years at the end, after a month name or a day and month: "Mar-26", "07.10.26".
    ShiftDateText = text
    cut = 0
    For i = Len(text) To 1 Step -1
        If InStr(1, "-./ '", Mid$(text, i, 1)) > 0 Then
            cut = i
            Exit For
        End If
    Next i
    If cut < 2 Then Exit Function
    head = Left$(text, cut - 1)
    tail = Mid$(text, cut + 1)
    If Len(tail) <> 2 Or Not IsDigitAt(tail, 1) Or Not IsDigitAt(tail, 2) Then Exit Function
    If Not (IsDigitAt(head, Len(head)) Or IsMonthName(head)) Then Exit Function
    newYear = (CLng(tail) + years) Mod 100
    shifted = head & Mid$(text, cut, 1) & Right$("0" & CStr(newYear), 2)
    ShiftDateText = LeapDayFixed(shifted, 2000 + newYear)
End Function

' True if the last word of text is a month ("Mar", "March", "Sept").
Private Function IsMonthName(ByVal text As String) As Boolean
    Dim words As Variant, word As String
    words = Split(Trim$(text), " ")
    word = LCase$(Left$(words(UBound(words)), 3))
    IsMonthName = Len(word) = 3 And _
                  InStr(1, "|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|", "|" & word & "|") > 0
End Function

' "29.02.28" style text for a year with no 29 February becomes "28.02.29".
Private Function LeapDayFixed(ByVal text As String, ByVal newYear As Long) As String
    Dim sep As String
    LeapDayFixed = text
    If IsLeapYear(newYear) Or Left$(text, 2) <> "29" Then Exit Function
    sep = Mid$(text, 3, 1)
    If InStr(1, "./-", sep) = 0 Or sep = "" Then Exit Function
    If Mid$(text, 4, 3) = "02" & sep Or Mid$(text, 4, 2) = "2" & sep Then
        LeapDayFixed = "28" & Mid$(text, 3)
    End If
End Function

' Rename the year in the rows above a plan table (title, Compass line) and in the
' sheet's name ("Plan 2025-26" -> "Plan 2026-27").
Private Sub RenameTitles(ByVal ws As Object, ByVal lastTitleRow As Long, _
                         ByVal oldStart As Long, ByVal newStart As Long)
    Dim r As Long, c As Long, cell As Object, renamed As String
    For r = 1 To lastTitleRow
        For c = 1 To LastUsedColumn(ws)
            Set cell = ws.Cells(r, c)
            If VarType(cell.Value) = vbString And Not cell.HasFormula Then
                renamed = RenameYear(cell.Value, oldStart, newStart)
                If renamed <> cell.Value Then cell.Value = renamed
            End If
        Next c
    Next r
    renamed = RenameYear(ws.Name, oldStart, newStart)
    If renamed <> ws.Name Then ws.Name = renamed
End Sub

' The Cover: the academic year itself, and the titles (column A text with nothing beside it).
Private Sub RenameCover(ByVal yearCell As Object, ByVal oldStart As Long, ByVal newStart As Long)
    Dim cover As Object, r As Long, cell As Object, renamed As String
    Set cover = yearCell.Worksheet
    For r = 1 To LastUsedRow(cover)
        Set cell = cover.Cells(r, 1)
        If VarType(cell.Value) = vbString And CellText(cover.Cells(r, 2)) = "" _
           And Not cell.HasFormula Then
            renamed = RenameYear(cell.Value, oldStart, newStart)
            If renamed <> cell.Value Then cell.Value = renamed
        End If
    Next r
    yearCell.NumberFormat = "@"
    yearCell.Value = AcademicYearText(newStart)
End Sub
