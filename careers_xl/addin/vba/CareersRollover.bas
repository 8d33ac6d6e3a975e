Attribute VB_Name = "CareersRollover"
' Careers Plan add-in: the "Roll over to next year" button.
'
' Closes this academic year and sets the plan up for the next one, following the same
' rules as the careers-xl "rollover" command:
'   1. every action of the closing year is copied to the History sheet (one row each:
'      year, benchmark, objective, period, action, leads, progress, end point, RAG,
'      evidence, impact), so nothing is lost and progress shows over the years; a RAG
'      shown only by the cell's colour is logged as the status that colour shows;
'   2. the academic year moves on (2025/26 -> 2026/27) on the Cover and in the titles
'      above each plan table, written the way it was (2025-2026 -> 2026-2027);
'   3. each action is kept; its Progress is cleared, and a Red or Amber action (by its
'      word or its colour) gets the note "Carried forward: Red in 2025/26" (in a "Carried
'      forward" column if the period has one, otherwise in its Progress cell) so it
'      cannot quietly disappear;
'   4. end points move on a year the way careers-xl moves them: a date keeps its day
'      (29 February becomes 28 February), a month stays that month, a week commencing
'      keeps its weekday; typed ones stay typed the same way ("Mar-26" -> "Mar-27",
'      "07.10.26" -> "07.10.27", "Summer 2026" -> "Summer 2027"); "Autumn 2" stays;
'   5. RAG (its word and its RAG colour) and evidence lists are cleared for the new year.
' Save a copy of your plan before you roll it over: a rollover cannot be undone.
Option Explicit

' Ask, then roll over the workbook you are looking at. (AnswerPromptsYes answers for you.)
Public Sub RolloverPlan()
    Dim book As Object, oldStart As Long, problem As String
    ForgetLayouts
    Set book = PlanBook()
    oldStart = PlanYear(book)
    If oldStart = 0 Then oldStart = YearOfEndPoints(book)
    If oldStart = 0 Then
        Tell RolloverWorkbook(book), vbExclamation, "Roll over"
        Exit Sub
    End If
    If Not Confirmed("Roll '" & book.Name & "' over from " & AcademicYearText(oldStart) & _
                     " to " & AcademicYearText(oldStart + 1) & "?" & vbCr & vbCr & _
                     "Save a copy first: this cannot be undone.", "Roll over") Then Exit Sub
    problem = RolloverWorkbook(book)
    If problem = "" Then
        Tell "The plan is now for " & AcademicYearText(oldStart + 1) & _
             ". Last year's actions are on the History sheet.", vbInformation, "Roll over"
    Else
        Tell problem, vbExclamation, "Roll over"
    End If
End Sub

' Roll a workbook (the active one if none is given) over to the next academic year,
' without any message boxes. Returns "" when done, or why it refused.
Public Function RolloverWorkbook(Optional ByVal wb As Variant) As String
    Dim book As Object, history As Object, ws As Object, cover As Object
    Dim oldStart As Long, newStart As Long, headerRow As Long
    ForgetLayouts
    Set book = PlanBook(wb)
    oldStart = PlanYear(book)
    If oldStart = 0 Then oldStart = YearOfEndPoints(book)  ' as careers-xl assumes it
    If oldStart = 0 Then
        RolloverWorkbook = "The plan does not say which academic year it is for: add it to " & _
                           "the Cover sheet (Academic year: 2025/26) or give the year in a " & _
                           "title, then roll over. Nothing was changed."
        Exit Function
    End If
    newStart = oldStart + ROLLOVER_YEARS
    Set cover = CoverSheet
    Set history = HistorySheet(book)
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        If headerRow > 0 Then CopyToHistory ws, headerRow, history, oldStart
    Next ws
    For Each ws In book.Worksheets
        headerRow = FindHeaderRow(ws)
        If headerRow > 0 Then
            RollSheet ws, headerRow, oldStart
            RenameTitles ws, 1, headerRow - 1, oldStart, newStart
            PendCompass ws, headerRow, oldStart, newStart
        End If
    Next ws
    If Not cover Is Nothing Then RenameTitles cover, 1, LastUsedRow(cover), oldStart, newStart
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

' Put a value in the History row, in the column headed heading (skipped if there is none,
' or if the value is empty). Text is stored as text, so Excel never turns it into a date.
Private Sub PutHistory(ByVal history As Object, ByVal r As Long, ByVal heading As String, _
                       ByVal value As Variant)
    Dim c As Long
    If VarType(value) = vbString Then
        If value = "" Then Exit Sub
    End If
    For c = 1 To LastUsedColumn(history)
        If Normalise(CellText(history.Cells(1, c))) = Normalise(heading) Then
            If VarType(value) = vbString Then history.Cells(r, c).NumberFormat = "@"
            history.Cells(r, c).Value = value
            Exit Sub
        End If
    Next c
End Sub

' Add one History row for each action on a plan sheet, as it stands at the end of the year.
Private Sub CopyToHistory(ByVal ws As Object, ByVal headerRow As Long, _
                          ByVal history As Object, ByVal oldStart As Long)
    Dim r As Long, p As Long, out As Long, col As Long, sheetBench As Long
    Dim objective As String, current As String, hasCurrent As Boolean, currentBench As Long
    sheetBench = SheetBenchmark(ws, headerRow)
    out = LastUsedRow(history) + 1
    For r = headerRow + 1 To LastUsedRow(ws)
        If Not RowIsEmpty(ws, r) Then
            ' The row's objective (as Check plan finds it) and its benchmark: from a Benchmark
            ' column, else the sheet's, else the Compass code ending the objective.
            col = SheetColumn(ws, headerRow, "objective")
            objective = ""
            If col > 0 Then objective = CellText(ws.Cells(r, col))
            If Not (hasCurrent And (objective = "" Or objective = current)) Then
                current = objective
                hasCurrent = True
                currentBench = RowBenchmark(ws, headerRow, r, current, sheetBench)
            End If
            For p = 1 To PeriodCount(ws, headerRow)
                If PeriodHasDetails(ws, p, r) Then
                    PutHistory history, out, "Year", AcademicYearText(oldStart)
                    If currentBench > 0 Then PutHistory history, out, "Benchmark", "BM" & currentBench
                    PutHistory history, out, "Objective", current
                    PutHistory history, out, "Period", p
                    PutHistory history, out, "Action", PeriodText(ws, headerRow, p, "action", r)
                    PutHistory history, out, "Leads", LeadList(PeriodText(ws, headerRow, p, "lead", r))
                    PutHistory history, out, "Progress", PeriodText(ws, headerRow, p, "progress", r)
                    col = RoleColumn(ws, headerRow, p, "end_point")
                    If col > 0 Then
                        ReadEndCell ws.Cells(r, col), oldStart
                        PutHistory history, out, "End point", EndText
                    End If
                    col = RoleColumn(ws, headerRow, p, "rag")
                    If col > 0 Then
                        ReadRag ws.Cells(r, col)
                        PutHistory history, out, "RAG", RagUsed
                    End If
                    col = RoleColumn(ws, headerRow, p, "evidence")
                    If col > 0 Then
                        PutHistory history, out, "Evidence", _
                                   WithLink(EvidenceLines(CellText(ws.Cells(r, col))), _
                                            CellLink(ws.Cells(r, col)))
                    End If
                    PutHistory history, out, "Impact", PeriodText(ws, headerRow, p, "impact", r)
                    out = out + 1
                End If
            Next p
        End If
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
Private Sub RollSheet(ByVal ws As Object, ByVal headerRow As Long, ByVal oldStart As Long)
    Dim r As Long, p As Long, rag As String, note As String
    Dim progressCol As Long, carriedCol As Long, endCol As Long, ragCol As Long
    Dim evidenceCol As Long
    For r = headerRow + 1 To LastUsedRow(ws)
        For p = 1 To PeriodCount(ws, headerRow)
            If PeriodHasDetails(ws, p, r) Then
                progressCol = RoleColumn(ws, headerRow, p, "progress")
                carriedCol = RoleColumn(ws, headerRow, p, "carried")
                endCol = RoleColumn(ws, headerRow, p, "end_point")
                ragCol = RoleColumn(ws, headerRow, p, "rag")
                evidenceCol = RoleColumn(ws, headerRow, p, "evidence")
                rag = ""
                If ragCol > 0 Then
                    ReadRag ws.Cells(r, ragCol)
                    rag = RagUsed
                End If
                note = ""
                If rag <> "" And InList(UNFINISHED_RAGS, rag) Then
                    note = Replace(Replace(CARRIED_NOTE, "{rag}", rag), "{year}", _
                                   AcademicYearText(oldStart))
                End If
                If carriedCol > 0 Then
                    SetText ws.Cells(r, carriedCol), note
                    note = ""
                End If
                If progressCol > 0 Then
                    If note <> "" Or CellText(ws.Cells(r, progressCol)) <> "" Then
                        SetText ws.Cells(r, progressCol), note
                    End If
                End If
                If endCol > 0 Then ShiftEndPoint ws.Cells(r, endCol), oldStart
                If ragCol > 0 Then
                    If CellText(ws.Cells(r, ragCol)) <> "" Or RagOfFill(ws.Cells(r, ragCol)) <> "" Then
                        ClearRagCell ws.Cells(r, ragCol)
                    End If
                End If
                ' Evidence that is only bullets or blank lines lists nothing, so stays as it is.
                ' Its link goes too (it is kept in History), or the empty cell would still open
                ' last year's evidence.
                If evidenceCol > 0 Then
                    If EvidenceLines(CellText(ws.Cells(r, evidenceCol))) <> "" Then
                        SetText ws.Cells(r, evidenceCol), ""
                    End If
                    If CellLink(ws.Cells(r, evidenceCol)) <> "" Then
                        ws.Cells(r, evidenceCol).Hyperlinks.Delete
                    End If
                End If
            End If
        Next p
    Next r
End Sub

' Where a cell's hyperlink points: its web address, or the place in the workbook it opens
' ("" when it has none).
Private Function CellLink(ByVal cell As Object) As String
    CellLink = ""
    If cell.Hyperlinks.Count = 0 Then Exit Function
    CellLink = cell.Hyperlinks(1).Address
    If CellLink = "" Then CellLink = cell.Hyperlinks(1).SubAddress
End Function

' Evidence lines with a link added as a last line, unless a line already is that link.
Private Function WithLink(ByVal lines As String, ByVal link As String) As String
    WithLink = lines
    If link = "" Then Exit Function
    If InStr(1, vbLf & lines & vbLf, vbLf & link & vbLf) > 0 Then Exit Function
    If lines <> "" Then WithLink = lines & vbLf
    WithLink = WithLink & link
End Function

' Put text in a cell ("" empties it); a formula is never overwritten.
Private Sub SetText(ByVal cell As Object, ByVal text As String)
    If cell.HasFormula Then Exit Sub
    If text = "" Then
        cell.ClearContents
    Else
        cell.Value = text
    End If
End Sub

' Move an end point on by ROLLOVER_YEARS: a real date stays a date in its own format; text
' stays text typed the same way (the cell is formatted as Text first, or Excel would turn
' "Mar-27" into a date).
Private Sub ShiftEndPoint(ByVal cell As Object, ByVal oldStart As Long)
    Dim v As Variant, shifted As String
    If cell.HasFormula Then Exit Sub
    v = cell.Value
    If VarType(v) = vbDate Then
        cell.Value = ShiftDue(v, FormatKind(cell.NumberFormat), ROLLOVER_YEARS)
    ElseIf VarType(v) = vbString Then
        shifted = ShiftEndText(CStr(v), ROLLOVER_YEARS, oldStart)
        If shifted <> CStr(v) Then
            cell.NumberFormat = "@"
            cell.Value = shifted
        End If
    End If
End Sub

' A Compass result above a benchmark's table becomes "not yet evaluated" for the new year,
' with the closed year's result beside it (Compass History keeps only real evaluations).
Private Sub PendCompass(ByVal ws As Object, ByVal headerRow As Long, ByVal oldStart As Long, _
                        ByVal newStart As Long)
    Dim r As Long, c As Long, cell As Object, pct As Long, bench As Long
    bench = SheetBenchmark(ws, headerRow)
    If bench = 0 Then Exit Sub
    For r = 1 To headerRow - 1
        For c = 1 To LastUsedColumn(ws)
            Set cell = ws.Cells(r, c)
            If VarType(cell.Value) = vbString And Not cell.HasFormula Then
                pct = CompassPercent(cell.Value)
                If pct >= 0 Then
                    cell.Value = "Compass: Gatsby Benchmark " & bench & " not yet evaluated for " & _
                                 AcademicYearText(newStart) & " (" & AcademicYearText(oldStart) & _
                                 ": " & pct & "%)."
                End If
            End If
        Next c
    Next r
End Sub

' Rename the academic year in the text cells of rows firstRow to lastRow (titles, the
' Compass line, the Cover), written the way it was: "Plan 2025-26" -> "Plan 2026-27".
Private Sub RenameTitles(ByVal ws As Object, ByVal firstRow As Long, ByVal lastRow As Long, _
                         ByVal oldStart As Long, ByVal newStart As Long)
    Dim r As Long, c As Long, cell As Object, renamed As String
    For r = firstRow To lastRow
        For c = 1 To LastUsedColumn(ws)
            Set cell = ws.Cells(r, c)
            If VarType(cell.Value) = vbString And Not cell.HasFormula Then
                renamed = RenameYear(cell.Value, oldStart, newStart)
                If renamed <> cell.Value Then
                    cell.NumberFormat = "@"
                    cell.Value = renamed
                End If
            End If
        Next c
    Next r
End Sub
